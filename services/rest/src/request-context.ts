// What a request's transaction sets before the main statement (PostgREST's pre-query): search_path, the
// impersonated role's own settings, statement_timeout, timezone, request.jwt.claims (with the resolved
// role), request.method/path/headers/cookies, and finally the role itself. Also the request body as the
// one JSON (or raw) parameter the statement takes.
import type { ApiRequest } from './api-request/types.ts';
import type { RestConfig } from './config.ts';
import type { Plan } from './plan/types.ts';
import { ident } from './query/sql.ts';
import type { SchemaCache } from './schema-cache/types.ts';

export interface Caller {
  role: string;
  claims: Record<string, unknown>;
}

export function transactionSettings(req: ApiRequest, caller: Caller, config: RestConfig, cache: SchemaCache, readOnly: boolean): [string, string][] {
  const path = [...new Set([req.schema, ...config.extraSearchPath])].map(ident).join(', ');
  const out: [string, string][] = [['search_path', path]];
  // GET/HEAD and calls of stable/immutable functions run READ ONLY: writes fail with 25006 (405).
  if (readOnly) out.push(['transaction_read_only', 'on']);
  for (const s of cache.roleSettings.get(caller.role) ?? []) out.push(s);
  if (config.statementTimeoutMs !== null) out.push(['statement_timeout', String(config.statementTimeoutMs)]);
  if (req.preferences.timezone !== undefined) out.push(['timezone', req.preferences.timezone]);
  out.push(
    ['request.jwt.claims', JSON.stringify({ ...caller.claims, role: caller.role })],
    ['request.method', req.method],
    ['request.path', req.path],
    ['request.headers', JSON.stringify(req.headers)],
    ['request.cookies', JSON.stringify(req.cookies)],
    ['role', caller.role],
  );
  return out;
}

function bodyText(body: unknown): string | null {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return null;
}

/** The value of the statement's body parameter: JSON rows (insert), one object (update, call) or raw bytes. */
export function bodyParam(plan: Plan, req: ApiRequest, rawBody: unknown): unknown {
  const p = req.payload;
  if (!p) return plan.action.kind === 'call' ? '{}' : '[]';
  if (p.kind === 'raw') return p.body;
  if (p.kind === 'params') return '{}';
  const raw = req.contentType.kind === 'json' && req.columns === null ? bodyText(rawBody) : null;
  const isArray = Array.isArray(p.value);
  if (plan.action.kind === 'call' && plan.action.args.kind === 'single') return raw ?? JSON.stringify(p.value);
  if (plan.action.kind === 'mutate' && (plan.action.mutation === 'insert' || plan.action.mutation === 'upsert')) {
    if (raw !== null && isArray) return raw;
    if (raw !== null && !isArray && p.rows.length === 1) return `[${raw}]`;
    return JSON.stringify(p.rows);
  }
  if (raw !== null && !isArray && p.rows.length === 1) return raw;
  return JSON.stringify(p.rows[0] ?? {});
}
