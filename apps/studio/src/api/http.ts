// The one HTTP client of the platform API: JSON in and out, the session's bearer token, one refresh on a
// 401, and every failure as an ApiError carrying the API's `{message, code, details}`.
import { sessionStore } from './session-store.ts';
import type { Session } from './types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; auth?: boolean; signal?: AbortSignal }

async function send(path: string, o: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), signal: o.signal });
}

let refreshing: Promise<Session | null> | null = null;

/** Trades the refresh token for a new session once, however many requests hit a 401 together. */
function refreshSession(): Promise<Session | null> {
  const s = sessionStore.get();
  if (!s) return Promise.resolve(null);
  refreshing ??= send('/v1/auth/token?grant_type=refresh_token', { method: 'POST', body: { refresh_token: s.refresh_token } }, undefined)
    .then(async (r) => (r.ok ? ((await r.json()) as Session) : null))
    .catch(() => null)
    .then((next) => { sessionStore.set(next); return next; })
    .finally(() => { refreshing = null; });
  return refreshing;
}

async function toError(r: Response): Promise<ApiError> {
  const body = await r.json().catch(() => null) as { message?: string; code?: string; details?: Record<string, unknown> } | null;
  return new ApiError(r.status, body?.message ?? `${r.status} ${r.statusText}`, body?.code, body?.details);
}

export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const auth = o.auth ?? true;
  let r = await send(path, o, auth ? sessionStore.get()?.access_token : undefined);
  if (r.status === 401 && auth && sessionStore.get()) {
    const next = await refreshSession();
    if (next) r = await send(path, o, next.access_token);
  }
  if (!r.ok) throw await toError(r);
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
