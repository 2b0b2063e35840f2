// The table editor over a project's PostgREST API (/rest/v1) with the service-role key, as Supabase Studio
// does: a page of rows (limit/offset, `Prefer: count=exact`, total from Content-Range), and insert, update,
// delete of one row matched by its primary key. Errors keep PostgREST's message, details and hint.
import { ApiError } from '../http.ts';
import { projectHeaders, projectUrl, type ProjectTarget } from '../project-http.ts';
import { primaryKeyMatch, rowsSearch, totalFromContentRange, type RestRowsQuery } from '../rest-query.ts';
import type { Row } from '../types.ts';

export interface RestTable { schema: string; table: string }

interface PostgrestErrorBody { code?: unknown; message?: unknown; details?: unknown; hint?: unknown }

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** A PostgREST error as an ApiError: the message, then its details and hint on their own lines. */
export function restError(status: number, statusText: string, bodyText: string): ApiError {
  let b: PostgrestErrorBody = {};
  try { b = (JSON.parse(bodyText) ?? {}) as PostgrestErrorBody; } catch { /* not JSON */ }
  const message = [str(b.message) ?? `${status} ${statusText}`.trim(), str(b.details), str(b.hint) && `Hint: ${str(b.hint)}`]
    .filter(Boolean).join('\n');
  const details: Record<string, unknown> = {};
  if (str(b.details)) details.details = b.details;
  if (str(b.hint)) details.hint = b.hint;
  return new ApiError(status, message, str(b.code), details);
}

async function rest(t: ProjectTarget, r: RestTable, o: {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; search: URLSearchParams; body?: unknown; prefer: string; signal?: AbortSignal;
}): Promise<Response> {
  const profile = o.method === 'GET' ? 'accept-profile' : 'content-profile';
  const headers = projectHeaders(t, { accept: 'application/json', prefer: o.prefer, [profile]: r.schema });
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const url = `${projectUrl(t, `/rest/v1/${encodeURIComponent(r.table)}`)}?${o.search}`;
  const res = await fetch(url, { method: o.method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), signal: o.signal });
  if (!res.ok) throw restError(res.status, res.statusText, await res.text().catch(() => ''));
  return res;
}

export interface RestRowsPage { rows: Row[]; total: number }

export async function fetchRestRows(t: ProjectTarget, r: RestTable, q: RestRowsQuery, signal?: AbortSignal): Promise<RestRowsPage> {
  const res = await rest(t, r, { method: 'GET', search: rowsSearch(q), prefer: 'count=exact', signal });
  const rows = (await res.json()) as Row[];
  return { rows, total: totalFromContentRange(res.headers.get('content-range')) ?? q.offset + rows.length };
}

export async function insertRestRow(t: ProjectTarget, r: RestTable, values: Row): Promise<Row> {
  const res = await rest(t, r, { method: 'POST', search: new URLSearchParams(), body: values, prefer: 'return=representation' });
  return ((await res.json()) as Row[])[0];
}

/** One row's representation, or an error when the key matched none (deleted meanwhile) or, impossibly, more. */
async function one(res: Response): Promise<Row> {
  const rows = (await res.json()) as Row[];
  if (rows.length !== 1) throw new ApiError(404, rows.length ? `${rows.length} rows matched the primary key` : 'No row matches this primary key any more (deleted meanwhile?)');
  return rows[0];
}

export async function updateRestRow(t: ProjectTarget, r: RestTable, pk: string[], row: Row, changes: Row): Promise<Row> {
  return one(await rest(t, r, { method: 'PATCH', search: primaryKeyMatch(pk, row), body: changes, prefer: 'return=representation' }));
}

export async function deleteRestRow(t: ProjectTarget, r: RestTable, pk: string[], row: Row): Promise<Row> {
  return one(await rest(t, r, { method: 'DELETE', search: primaryKeyMatch(pk, row), prefer: 'return=representation' }));
}
