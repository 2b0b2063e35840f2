// The response stage: the result row → status, headers and body per action (PostgREST's rules for
// 200/201/204/206/416, Content-Range, Content-Location, Location, Content-Profile, Preference-Applied),
// plus the checks that turn a result into an error before the transaction ends (PGRST116/115/124).
import { contentTypeHeader, toMime } from '../api-request/media-type.ts';
import { restError, type RestError } from '../errors.ts';
import { renderError } from '../render-error.ts';
import type { Plan } from '../plan/types.ts';
import type { TxResult } from '../main-tx/execute.ts';
import { gucHeaders, gucStatus } from './guc.ts';
import { contentRange, rangeStatus } from './range.ts';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The fields of the main statement's row. */
export interface ResultRow {
  total: number | null;
  pageTotal: number;
  body: string | null;
  gucHeaders: string | null;
  gucStatus: string | null;
  inserted: number | null;
  location: string | null;
}

const MAX_ECHOED_QUERY = 4096;

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

export function resultRow(r: TxResult): ResultRow {
  const [total, page, body, headers, status, inserted, location] = r.row;
  return {
    total: num(total), pageTotal: num(page) ?? 0, body: body ?? null, gucHeaders: headers ?? null,
    gucStatus: status ?? null, inserted: num(inserted), location: location ?? null,
  };
}

const singular = (p: Plan) => p.shape === 'single' || p.shape === 'single-stripped';

/** Errors decided by the result (the transaction then rolls back). */
export function resultFailure(plan: Plan, tx: TxResult): RestError | null {
  const r = resultRow(tx);
  const a = plan.action;
  if (a.kind === 'mutate' && a.mutation === 'upsert' && r.pageTotal !== 1) return restError('PGRST115');
  const returnsSet = a.kind !== 'call' || a.routine.returnsSet;
  if (singular(plan) && returnsSet && r.pageTotal !== 1) return restError('PGRST116', { rows: r.pageTotal });
  const prefs = plan.request.preferences;
  const limitable = (a.kind === 'mutate' && (a.mutation === 'update' || a.mutation === 'delete')) || a.kind === 'call';
  if (limitable && prefs.handling === 'strict' && prefs.maxAffected !== undefined && r.pageTotal > prefs.maxAffected) {
    return restError('PGRST124', { rows: r.pageTotal });
  }
  return null;
}

function contentHeaders(plan: Plan): Record<string, string> {
  const h: Record<string, string> = {};
  if (plan.request.mediaType) h['Content-Type'] = contentTypeHeader(plan.request.mediaType);
  if (plan.request.negotiatedByProfile) h['Content-Profile'] = plan.request.schema;
  return h;
}

function total(plan: Plan, r: ResultRow, planned: number | null, maxRows: number | null): number | null {
  switch (plan.request.preferences.count) {
    case 'exact': return r.total;
    case 'planned': return planned;
    case 'estimated':
      return r.total !== null && maxRows !== null && r.total > maxRows ? Math.max(r.total, planned ?? 0) : r.total;
    default: return null;
  }
}

function readLike(plan: Plan, r: ResultRow, planned: number | null, maxRows: number | null, head: boolean): HttpResponse {
  const lower = plan.request.range.offset;
  const t = total(plan, r, planned, maxRows);
  const status = rangeStatus(lower, r.pageTotal, t);
  const headers: Record<string, string> = { 'Content-Range': contentRange(lower, lower + r.pageTotal - 1, t) };
  // Echoed like PostgREST, except when so long that clients would reject the response's headers.
  const q = plan.request.canonicalQuery;
  if (plan.action.kind === 'read' && q.length <= MAX_ECHOED_QUERY) {
    headers['Content-Location'] = `/${plan.action.table.name}${q ? `?${q}` : ''}`;
  }
  if (status === 416) {
    const e = renderError(restError('PGRST103', { details: `An offset of ${lower} was requested, but there are only ${t ?? 0} rows.` }));
    return { status, headers: { ...headers, ...e.headers }, body: JSON.stringify(e.body) };
  }
  if (plan.action.kind === 'call' && plan.action.routine.returnKind === 'void') return { status: 204, headers, body: null };
  return { status, headers: { ...headers, ...contentHeaders(plan) }, body: head ? null : r.body };
}

function mutation(plan: Plan, r: ResultRow): HttpResponse {
  const a = plan.action as Extract<Plan['action'], { kind: 'mutate' }>;
  const prefs = plan.request.preferences;
  const counted = prefs.count === 'exact' || prefs.count === 'estimated' ? r.pageTotal : null;
  const representation = prefs.return === 'representation';
  const headers: Record<string, string> = {};
  let status: number;
  switch (a.mutation) {
    case 'insert':
      headers['Content-Range'] = contentRange(1, 0, counted);
      status = r.inserted !== null && r.inserted <= 0 && prefs.resolution === 'merge-duplicates' ? 200 : 201;
      if (r.location) {
        const values = JSON.parse(r.location) as (string | null)[];
        const query = a.locationColumns!.map((c, i) => `${encodeURIComponent(c)}=${values[i] === null ? 'is.null' : `eq.${encodeURIComponent(values[i]!)}`}`);
        headers['Location'] = `/${a.table.name}?${query.join('&')}`;
      }
      break;
    case 'update':
      headers['Content-Range'] = contentRange(0, r.pageTotal - 1, counted);
      status = representation ? 200 : 204;
      break;
    case 'delete':
      headers['Content-Range'] = contentRange(1, 0, counted);
      status = representation ? 200 : 204;
      break;
    case 'upsert':
      status = representation ? ((r.inserted ?? 0) > 0 ? 201 : 200) : 204;
      break;
  }
  if (!representation) return { status, headers, body: null };
  return { status, headers: { ...headers, ...contentHeaders(plan) }, body: r.body };
}

export function buildResponse(plan: Plan, tx: TxResult, maxRows: number | null): HttpResponse {
  if (plan.explain) {
    const body = plan.explain.format === 'json' ? tx.explainLines.join('\n') : tx.explainLines.join('\n');
    return { status: 200, headers: { 'Content-Type': `${toMime(plan.explain)}; charset=utf-8` }, body };
  }
  const r = resultRow(tx);
  const res = plan.action.kind === 'mutate' ? mutation(plan, r)
    : readLike(plan, r, tx.plannedRows, maxRows, plan.request.method === 'HEAD');
  if (plan.applied.length) res.headers['Preference-Applied'] = plan.applied.join(', ');
  const status = gucStatus(r.gucStatus);
  if (status !== null) res.status = status;
  for (const [k, v] of gucHeaders(r.gucHeaders)) {
    for (const existing of Object.keys(res.headers)) if (existing.toLowerCase() === k.toLowerCase()) delete res.headers[existing];
    res.headers[k] = v;
  }
  return res;
}
