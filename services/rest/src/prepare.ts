// Parse → plan → build for one request, memoised by request shape: GET/HEAD/DELETE/OPTIONS are looked up
// by URL and the headers that matter before anything is parsed; body requests are parsed (to read their
// keys) and then looked up with the payload's column set. The memo is dropped on every schema reload.
import { normaliseHeaders, parseCookies, withoutCookie } from './api-request/headers.ts';
import { parseApiRequest } from './api-request/parse-api-request.ts';
import type { ApiRequest, ParseOptions, RawRequest } from './api-request/types.ts';
import type { RestConfig } from './config.ts';
import { planRequest } from './plan/plan.ts';
import type { Plan } from './plan/types.ts';
import { buildMainQuery, type MainQuery } from './query/main-query.ts';
import type { SchemaCache } from './schema-cache/types.ts';

export interface Prepared {
  req: ApiRequest;
  /** null for OPTIONS and the OpenAPI root. */
  plan: Plan | null;
  query: MainQuery | null;
}

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

function header(raw: RawRequest, name: string): string {
  const v = raw.headers[name];
  return v === undefined ? '' : typeof v === 'string' ? v : v.join(', ');
}

function shapeKey(raw: RawRequest, planAllowed: boolean): string {
  return [raw.method, raw.path, raw.query, header(raw, 'accept'), header(raw, 'prefer'), header(raw, 'accept-profile'),
    header(raw, 'content-profile'), header(raw, 'range'), header(raw, 'content-type'), planAllowed ? 'p' : ''].join('\n');
}

function payloadKey(req: ApiRequest): string {
  const p = req.payload;
  if (!p) return '';
  if (p.kind === 'raw') return `raw:${p.mediaType}`;
  const present = req.action === 'update' && p.kind === 'json' ? Object.keys(p.rows[0] ?? {}).join('\0') : '';
  return `${p.kind}:${req.payloadColumns.join('\0')}:${present}`;
}

function ownHeaders(raw: RawRequest): Pick<ApiRequest, 'headers' | 'cookies'> {
  const headers = normaliseHeaders(raw.headers);
  return { headers: withoutCookie(headers), cookies: parseCookies(headers['cookie']) };
}

export class PlanMemo {
  private readonly map = new Map<string, Prepared>();
  constructor(private readonly max: number) {}
  get(k: string): Prepared | undefined {
    const v = this.map.get(k);
    if (v) { this.map.delete(k); this.map.set(k, v); }
    return v;
  }
  set(k: string, v: Prepared): void {
    if (this.max <= 0) return;
    this.map.set(k, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void { this.map.clear(); }
}

export interface PrepareContext {
  config: RestConfig;
  cache: SchemaCache;
  memo: PlanMemo;
  planAllowed: boolean;
}

export function prepare(raw: RawRequest, ctx: PrepareContext): Prepared {
  const base = shapeKey(raw, ctx.planAllowed);
  const bodyless = BODYLESS.has(raw.method);
  if (bodyless) {
    const hit = ctx.memo.get(base);
    // The memo holds the shape; this request's own headers and cookies become request.headers/cookies.
    if (hit) return { ...hit, req: { ...hit.req, ...ownHeaders(raw) } };
  }
  const opts: ParseOptions = {
    exposedSchemas: ctx.config.schemas,
    aggregatesEnabled: ctx.config.aggregatesEnabled,
    planEnabled: ctx.planAllowed,
    openApiDisabled: ctx.config.openApiMode === 'disabled',
    txAllowOverride: ctx.config.txEnd.endsWith('allow-override'),
    legacyTargetNames: ctx.config.legacyTargetNames,
  };
  const req = parseApiRequest(raw, opts);
  const key = bodyless ? base : `${base}\n${payloadKey(req)}`;
  if (!bodyless) {
    const hit = ctx.memo.get(key);
    if (hit) return { ...hit, req };
  }
  let prepared: Prepared = { req, plan: null, query: null };
  if (req.action !== 'info' && req.target.kind !== 'root') {
    const plan = planRequest(req, ctx.cache, ctx.config, { postgis: ctx.cache.extensions.includes('postgis') });
    prepared = { req, plan, query: buildMainQuery(plan, ctx.config.maxRows) };
  }
  ctx.memo.set(key, prepared);
  return prepared;
}
