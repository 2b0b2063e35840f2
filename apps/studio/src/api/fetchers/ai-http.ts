// Calls to a project's AI service (`/api/*`, service-role key). Like projectApi, but a failure keeps the
// service's per-field reasons: settings validation sends `details`, provider keys send `fields`.
import { ApiError } from '../http.ts';
import { projectError, projectHeaders, projectUrl, type ProjectRequest, type ProjectTarget } from '../project-http.ts';

/** `{error, code}` (or `{error: code, message}`) as an ApiError whose details are the field reasons, if any. */
export function aiError(status: number, statusText: string, bodyText: string): ApiError {
  const base = projectError(status, statusText, bodyText);
  let b: { details?: unknown; fields?: unknown } = {};
  try { b = (JSON.parse(bodyText) ?? {}) as typeof b; } catch { /* not JSON */ }
  const reasons = [b.details, b.fields].find((x) => x && typeof x === 'object' && !Array.isArray(x)) as Record<string, unknown> | undefined;
  return new ApiError(base.status, base.message, base.code, reasons);
}

export async function aiFetch(t: ProjectTarget, path: string, o: ProjectRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...projectHeaders(t), ...o.headers };
  let body: BodyInit | undefined;
  if (o.body !== undefined) { body = JSON.stringify(o.body); headers['content-type'] = 'application/json'; }
  const r = await fetch(projectUrl(t, `/api${path}`, o.query), { method: o.method ?? 'GET', headers, body, signal: o.signal });
  if (!r.ok) throw aiError(r.status, r.statusText, await r.text().catch(() => ''));
  return r;
}

/** JSON answer of an AI call (undefined for an empty body, e.g. a 204). */
export async function aiApi<T>(t: ProjectTarget, path: string, o: ProjectRequest = {}): Promise<T> {
  const text = await (await aiFetch(t, path, o)).text();
  return (text ? JSON.parse(text) : undefined) as T;
}
