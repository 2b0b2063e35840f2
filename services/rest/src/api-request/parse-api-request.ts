// The ApiRequest stage: a raw HTTP request value → a typed ApiRequest, or a RestError (PGRST1xx).
// Pure: no I/O, no schema cache. Checks run in PostgREST's order: path, schema, verb, query string,
// ranges, body, then the request-only plan checks (embed paths, aggregates, preferences, media type).
import { negotiate } from './negotiate.ts';
import { decodeMediaType, parseAccept } from './media-type.ts';
import { normaliseHeaders, parseCookies, withoutCookie } from './headers.ts';
import { parsePayload } from './payload.ts';
import { appliedPreferences, parsePreferences } from './preferences.ts';
import { parseQueryParams, type QueryParams } from './query-params.ts';
import { canonicalQuery, splitQuery } from './query-string.ts';
import { embedRanges, topLevelRange } from './range.ts';
import { parseAction, parseTarget } from './resource.ts';
import { selectSchema } from './schema.ts';
import type { Action, ApiRequest, MediaType, ParseOptions, Preferences, RawRequest, Target } from './types.ts';
import { checkAggregates, checkEmbedPaths, checkStrictPreferences } from './validate.ts';

const MUTATIONS: readonly Action[] = ['insert', 'update', 'upsert', 'delete'];

export function parseApiRequest(req: RawRequest, opts: ParseOptions): ApiRequest {
  const headers = normaliseHeaders(req.headers);
  const target = parseTarget(req.path, opts);
  const { schema, negotiatedByProfile } = selectSchema(req.method, headers, opts.exposedSchemas);
  const { method, action } = parseAction(target, req.method);
  const pairs = splitQuery(req.query);
  const rpcRead = target.kind === 'rpc' && (method === 'GET' || method === 'HEAD');
  const qp = parseQueryParams(pairs, { rpcRead });
  const range = topLevelRange(qp.ranges, method, headers['range']);
  const ranges = embedRanges(qp.ranges);
  const contentType: MediaType = headers['content-type'] ? decodeMediaType(headers['content-type']) : { kind: 'json' };
  const columnsHonoured = action === 'insert' || action === 'update' || (action === 'call' && method === 'POST');
  const payload = parsePayload({
    body: req.body, contentType, action, target, method,
    columns: columnsHonoured ? qp.columns : null, rpcArgs: qp.rpcArgs,
  });
  const preferences = parsePreferences(headers['prefer'], opts);
  const accept = parseAccept(headers['accept']);
  const mediaType = planChecks(target, action, qp, preferences, accept, opts);

  return {
    method, path: req.path, target, action, schema, negotiatedByProfile,
    select: qp.select, filters: qp.filters, logic: qp.logic, order: qp.order,
    range, embedRanges: ranges, columns: qp.columns, onConflict: qp.onConflict,
    payload, payloadColumns: payload && payload.kind !== 'raw' ? payload.keys : [],
    preferences, appliedPreferences: appliedPreferences(preferences, action),
    accept, mediaType, contentType, canonicalQuery: canonicalQuery(pairs),
    headers: withoutCookie(headers), cookies: parseCookies(headers['cookie']),
  };
}

/** The checks PostgREST makes while planning that need no schema cache; returns the media type. */
function planChecks(target: Target, action: Action, qp: QueryParams, prefs: Preferences,
  accept: MediaType[], opts: ParseOptions): MediaType | null {
  if (action === 'info') return null;
  if (target.kind === 'root') return negotiate(accept, target, opts);
  checkEmbedPaths({
    select: qp.select,
    paths: [...qp.filters, ...qp.logic, ...qp.order].map((x) => x.path)
      .concat(qp.ranges.map((r) => r.path)),
    orders: qp.order,
    legacyTargetNames: opts.legacyTargetNames ?? true,
  });
  checkAggregates(qp.select, opts.aggregatesEnabled ?? false);
  if (MUTATIONS.includes(action)) {
    checkStrictPreferences(prefs);
    return negotiate(accept, target, opts);
  }
  const mediaType = negotiate(accept, target, opts);
  checkStrictPreferences(prefs);
  return mediaType;
}
