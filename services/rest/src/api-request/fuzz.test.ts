// Property-based fuzzing of the ApiRequest stage (~3 s): for random paths, query strings built from
// grammar fragments and random headers/bodies, the parser returns or throws a registered PGRST1xx
// RestError — nothing else — and every name in its output is a plain non-empty string.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { REST_ERRORS, RestError } from '../errors.ts';
import { parseApiRequest } from './parse-api-request.ts';
import type { ApiRequest, LogicTree, RawRequest, SelectItem } from './types.ts';

const FRAGMENTS = [
  'select=', 'or=', 'and=', 'not.', 'order=', 'limit=', 'offset=', 'columns=', 'on_conflict=', 'rel.', 'a', 'b', 'id',
  'eq.', 'neq.', 'in.', 'is.', 'null', 'isdistinct.', 'fts(english).', 'like(any).', 'cs.', '(', ')', '{', '}', ',', '.',
  '"', '\\', ':', '::', 'text', '->', '->>', '0', '-1', '!', 'inner', 'left', '...', '*', 'count()', '.sum()', 'asc',
  'desc', 'nullsfirst', '=', '&', ';', '+', '%', '%22', '%2C', '%28', '%zz', ' ', 'é', '🙂', '\n', '\u0000',
];
const fragmentString = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }).map((p) => p.join(''));
const anyText = fc.oneof(fragmentString, fc.string({ maxLength: 40, unit: 'grapheme' }), fc.string({ maxLength: 20, unit: 'binary' }));

const rawRequest: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), fc.string({ maxLength: 8 })),
  path: fc.oneof(fc.constantFrom('/', '', '/t', '/rpc/f', '/a%20b', '/rpc', '/x/y'), anyText.map((s) => `/${s}`)),
  query: anyText,
  headers: fc.dictionary(
    fc.constantFrom('prefer', 'Accept', 'range', 'Accept-Profile', 'Content-Profile', 'Content-Type', 'cookie', 'x-any'),
    fc.oneof(anyText, fc.constantFrom('public', 'storage', 'application/json', 'text/csv', '0-5', 'count=exact, handling=strict',
      'application/vnd.pgrst.plan+json; for="text/csv"; options=analyze|wal', 'application/x-www-form-urlencoded')),
  ),
  body: fc.oneof(fc.constant(undefined), anyText, fc.json(), fc.jsonValue(), fc.uint8Array({ maxLength: 16 })),
});

const options = fc.record({
  exposedSchemas: fc.constantFrom<string[]>(['public'], ['public', 'storage']),
  aggregatesEnabled: fc.boolean(),
  planEnabled: fc.boolean(),
  openApiDisabled: fc.boolean(),
  txAllowOverride: fc.boolean(),
  legacyTargetNames: fc.boolean(),
});

const CAST = /^[\p{L}\d_$ ]+$/u;

function names(items: readonly SelectItem[], out: string[], casts: string[]): void {
  for (const i of items) {
    if (i.type === 'field') out.push(i.field.name);
    if ('alias' in i && i.alias !== undefined) out.push(i.alias);
    if ('cast' in i && i.cast !== undefined) casts.push(i.cast);
    if (i.type === 'field' && i.aggregateCast !== undefined) casts.push(i.aggregateCast);
    if (i.type === 'embed' || i.type === 'spread') {
      out.push(i.relation);
      if (i.hint !== undefined) out.push(i.hint);
      names(i.select, out, casts);
    }
  }
}

function treeNames(t: LogicTree, out: string[]): void {
  if (t.type === 'filter') out.push(t.filter.field.name);
  else t.children.forEach((c) => treeNames(c, out));
}

/** Every identifier the query builder will have to quote. */
function identifiers(r: ApiRequest): { ids: string[]; casts: string[] } {
  const ids: string[] = [r.schema];
  const casts: string[] = [];
  if (r.target.kind !== 'root') ids.push(r.target.name);
  names(r.select, ids, casts);
  for (const f of r.filters) ids.push(...f.path, f.filter.field.name);
  for (const l of r.logic) { ids.push(...l.path); treeNames(l.tree, ids); }
  for (const o of r.order) for (const t of o.terms) ids.push(...o.path, t.field.name, ...(t.relation !== undefined ? [t.relation] : []));
  for (const e of r.embedRanges) ids.push(...e.path);
  ids.push(...(r.columns ?? []), ...(r.onConflict ?? []));
  return { ids, casts };
}

const registered = new Set(Object.keys(REST_ERRORS).filter((c) => c.startsWith('PGRST1')));

test('parseApiRequest only returns a request or throws a registered RestError', () => {
  fc.assert(fc.property(rawRequest, options, (req, opts) => {
    let r: ApiRequest;
    try {
      r = parseApiRequest(req, opts);
    } catch (e) {
      assert.ok(e instanceof RestError, `unexpected ${String(e)}`);
      assert.ok(registered.has(e.code), e.code);
      assert.equal(e.status, REST_ERRORS[e.code as keyof typeof REST_ERRORS].status);
      return;
    }
    const { ids, casts } = identifiers(r);
    for (const id of ids) assert.ok(typeof id === 'string' && id.length > 0, `bad identifier ${JSON.stringify(id)}`);
    // Payload keys are data: any string (even empty), checked against the schema cache later (PGRST204).
    for (const k of r.payloadColumns) assert.equal(typeof k, 'string');
    for (const c of casts) assert.ok(CAST.test(c) && c === c.trim(), `bad cast ${JSON.stringify(c)}`);
    assert.ok(opts.exposedSchemas.includes(r.schema));
    if (r.range.limit !== undefined) assert.ok(r.range.limit >= 0 && r.range.offset >= 0);
  }), { numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(2000)] });
});
