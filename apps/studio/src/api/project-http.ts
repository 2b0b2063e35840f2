// The one HTTP client of a project's own API (its gateway: /auth/v1, /storage/v1), called with the project's
// service-role key as apikey and Bearer. JSON in and out; raw bodies (files) pass as they are; every failure
// is an ApiError carrying the service's own message and code (GoTrue and Storage word them differently).
import { ApiError } from './http.ts';

/** Where a project's API answers and the key the Studio calls it with (the service-role key: admin rights). */
export interface ProjectTarget { url: string; key: string }

export type Query = Record<string, string | number | boolean | undefined>;

export interface ProjectRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** JSON-encoded unless a Blob (sent as is). */
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function projectUrl(t: ProjectTarget, path: string, query?: Query): string {
  const u = new URL(t.url.replace(/\/$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return u.toString();
}

export function projectHeaders(t: ProjectTarget, extra: Record<string, string> = {}): Record<string, string> {
  return { apikey: t.key, authorization: `Bearer ${t.key}`, ...extra };
}

/** A storage object key as a URL path: each segment encoded, the slashes kept. */
export const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

interface ErrorBody {
  message?: unknown; msg?: unknown; error_description?: unknown; error?: unknown; code?: unknown; error_code?: unknown; statusCode?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * A failed answer as an ApiError. GoTrue: `{code, message}` (or legacy `{error_code, msg}`); Storage:
 * `{statusCode, error, message}` with HTTP 400 for most errors, so its logical `statusCode` wins.
 */
export function projectError(status: number, statusText: string, bodyText: string): ApiError {
  let b: ErrorBody = {};
  try { b = (JSON.parse(bodyText) ?? {}) as ErrorBody; } catch { /* not JSON */ }
  const message = text(b.message) ?? text(b.msg) ?? text(b.error_description) ?? text(b.error) ?? (`${status} ${statusText}`.trim());
  const code = text(b.code) ?? text(b.error_code) ?? text(b.error);
  const logical = Number(b.statusCode);
  return new ApiError(Number.isInteger(logical) && logical >= 400 ? logical : status, message, code);
}

/** Sends a request; resolves with the Response when it is 2xx, else throws the service's error. */
export async function projectFetch(t: ProjectTarget, path: string, o: ProjectRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...projectHeaders(t), ...o.headers };
  let body: BodyInit | undefined;
  if (o.body instanceof Blob) body = o.body;
  else if (o.body !== undefined) { body = JSON.stringify(o.body); headers['content-type'] = 'application/json'; }
  const r = await fetch(projectUrl(t, path, o.query), { method: o.method ?? 'GET', headers, body, signal: o.signal });
  if (!r.ok) throw projectError(r.status, r.statusText, await r.text().catch(() => ''));
  return r;
}

/** JSON answer of a project API call (undefined for an empty body). */
export async function projectApi<T>(t: ProjectTarget, path: string, o: ProjectRequest = {}): Promise<T> {
  const r = await projectFetch(t, path, o);
  const body = await r.text();
  return (body ? JSON.parse(body) : undefined) as T;
}
