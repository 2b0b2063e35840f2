// The whole ApiRequest stage on requests as supabase-js sends them: routing, verbs, schemas,
// plan-time checks (PGRST108/122/123/107) and the assembled request value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseApiRequest } from './parse-api-request.ts';
import { expectRestError } from './test-helpers.ts';
import type { ParseOptions, RawRequest } from './types.ts';

const opts: ParseOptions = { exposedSchemas: ['public', 'storage', 'graphql_public'] };
const req = (method: string, path: string, query = '', headers: RawRequest['headers'] = {}, body?: unknown): RawRequest =>
  ({ method, path, query, headers, body });
const parse = (r: RawRequest, o: Partial<ParseOptions> = {}) => parseApiRequest(r, { ...opts, ...o });

describe('routing', () => {
  const targets: [string, string, object, string][] = [
    ['GET', '/', { kind: 'root' }, 'read'],
    ['HEAD', '', { kind: 'root' }, 'head'],
    ['OPTIONS', '/', { kind: 'root' }, 'info'],
    ['GET', '/todos', { kind: 'relation', name: 'todos' }, 'read'],
    ['HEAD', '/todos', { kind: 'relation', name: 'todos' }, 'head'],
    ['POST', '/todos', { kind: 'relation', name: 'todos' }, 'insert'],
    ['PUT', '/todos', { kind: 'relation', name: 'todos' }, 'upsert'],
    ['PATCH', '/todos', { kind: 'relation', name: 'todos' }, 'update'],
    ['DELETE', '/todos', { kind: 'relation', name: 'todos' }, 'delete'],
    ['OPTIONS', '/todos', { kind: 'relation', name: 'todos' }, 'info'],
    ['GET', '/Order%20Items', { kind: 'relation', name: 'Order Items' }, 'read'],
    ['GET', '/caf%C3%A9+x', { kind: 'relation', name: 'café+x' }, 'read'],
    ['GET', '/rpc', { kind: 'relation', name: 'rpc' }, 'read'],
    ['GET', '/rpc/fn', { kind: 'rpc', name: 'fn' }, 'call'],
    ['HEAD', '/rpc/fn', { kind: 'rpc', name: 'fn' }, 'call'],
    ['POST', '/rpc/fn', { kind: 'rpc', name: 'fn' }, 'call'],
    ['OPTIONS', '/rpc/fn', { kind: 'rpc', name: 'fn' }, 'info'],
  ];
  for (const [method, path, target, action] of targets) {
    test(`${method} ${JSON.stringify(path)} → ${action}`, () => {
      const r = parse(req(method, path, '', {}, method === 'POST' || method === 'PATCH' || method === 'PUT' ? '{}' : undefined));
      assert.deepStrictEqual(r.target, target);
      assert.equal(r.action, action);
    });
  }
  test('bad paths → PGRST125 404', () => {
    for (const path of ['/a/b', '/todos/', '/rpc/', '/rpc/a/b', '//']) {
      assert.equal(expectRestError(() => parse(req('GET', path)), 'PGRST125').status, 404);
    }
  });
  test('disabled OpenAPI → PGRST126 404', () => {
    const e = expectRestError(() => parse(req('GET', '/'), { openApiDisabled: true }), 'PGRST126');
    assert.equal(e.message, 'Root endpoint metadata is disabled');
  });
  test('bad verbs → PGRST101 / PGRST117 405', () => {
    const rpc = expectRestError(() => parse(req('PATCH', '/rpc/fn')), 'PGRST101');
    assert.equal(rpc.message, 'Cannot use the PATCH method on RPC');
    assert.equal(rpc.status, 405);
    assert.equal(expectRestError(() => parse(req('TRACE', '/todos')), 'PGRST117').message, 'Unsupported HTTP method: TRACE');
    expectRestError(() => parse(req('POST', '/')), 'PGRST117');
    expectRestError(() => parse(req('constructor', '/todos')), 'PGRST117');
  });
});

describe('schema selection', () => {
  test('no profile → first schema, negotiated when several are exposed', () => {
    const r = parse(req('GET', '/t'));
    assert.equal(r.schema, 'public');
    assert.equal(r.negotiatedByProfile, true);
    assert.equal(parse(req('GET', '/t'), { exposedSchemas: ['api'] }).negotiatedByProfile, false);
  });
  test('Accept-Profile for reads, Content-Profile for writes', () => {
    assert.equal(parse(req('GET', '/t', '', { 'Accept-Profile': 'storage', 'Content-Profile': 'nope' })).schema, 'storage');
    assert.equal(parse(req('DELETE', '/t', '', { 'Content-Profile': 'storage', 'Accept-Profile': 'nope' })).schema, 'storage');
    assert.equal(parse(req('POST', '/rpc/f', '', { 'content-profile': 'graphql_public' }, '{}')).schema, 'graphql_public');
  });
  test('unexposed schema → PGRST106 406 with the list as hint', () => {
    const e = expectRestError(() => parse(req('GET', '/t', '', { 'Accept-Profile': 'auth' })), 'PGRST106');
    assert.equal(e.status, 406);
    assert.equal(e.message, 'Invalid schema: auth');
    assert.equal(e.hint, 'Only the following schemas are exposed: public, storage, graphql_public');
  });
  test('schema is checked before the verb', () => {
    expectRestError(() => parse(req('PATCH', '/rpc/f', '', { 'Content-Profile': 'x' })), 'PGRST106');
  });
});

describe('supabase-js requests', () => {
  test('select with embeds, filters, order, range and count', () => {
    const r = parse(req('GET', '/films',
      'select=title%2Cdirector%3Adirectors%28last_name%29%2Cactors%21inner%28*%29&directors.last_name=eq.Nolan&actors.order=name.asc&actors.limit=2&order=title.desc&offset=0&limit=10',
      { 'Accept-Profile': 'public', Prefer: 'count=exact', apikey: 'k', 'X-Client-Info': 'supabase-js/2.119.0' }));
    assert.equal(r.select.length, 3);
    assert.deepStrictEqual(r.filters[0]!.path, ['directors']);
    assert.deepStrictEqual(r.range, { offset: 0, limit: 10 });
    assert.deepStrictEqual(r.embedRanges, [{ path: ['actors'], range: { offset: 0, limit: 2 } }]);
    assert.equal(r.preferences.count, 'exact');
    assert.deepStrictEqual(r.appliedPreferences, ['count=exact']);
    assert.deepStrictEqual(r.mediaType, { kind: 'json' });
    assert.equal(r.headers['x-client-info'], 'supabase-js/2.119.0');
  });
  test('bulk insert with columns, upsert preferences and on_conflict', () => {
    const r = parse(req('POST', '/todos', 'on_conflict=id&columns=%22id%22%2C%22task%22&select=*',
      { 'Content-Type': 'application/json', Prefer: 'resolution=merge-duplicates, return=representation', 'Content-Profile': 'public' },
      JSON.stringify([{ id: 1, task: 'a' }, { id: 2 }])));
    assert.deepStrictEqual(r.columns, ['id', 'task']);
    assert.deepStrictEqual(r.payloadColumns, ['id', 'task']);
    assert.deepStrictEqual(r.onConflict, ['id']);
    assert.deepStrictEqual(r.appliedPreferences, ['resolution=merge-duplicates', 'return=representation']);
  });
  test('single() asks for an object', () => {
    const r = parse(req('GET', '/t', 'id=eq.1', { Accept: 'application/vnd.pgrst.object+json' }));
    assert.deepStrictEqual(r.mediaType, { kind: 'object', stripNulls: false });
  });
  test('explain() Accept with trailing semicolon and empty options', () => {
    const r = parse(req('GET', '/t', '', { Accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' }), { planEnabled: true });
    assert.deepStrictEqual(r.mediaType, { kind: 'plan', for: { kind: 'json' }, format: 'text', options: [] });
  });
  test('rpc GET mixes arguments and result filters', () => {
    const r = parse(req('GET', '/rpc/search', 'q=cats&tags=%7Ba%2Cb%7D&score=gt.3'));
    assert.deepStrictEqual(r.payload, { kind: 'params', pairs: [['q', 'cats'], ['tags', '{a,b}']], keys: ['q', 'tags'] });
    assert.equal(r.filters.length, 1);
  });
  test('DELETE with Content-Type json and no body', () => {
    const r = parse(req('DELETE', '/t', 'id=eq.1', { 'Content-Type': 'application/json' }));
    assert.equal(r.payload, null);
  });
  test('Content-Location query, headers without cookie, cookies parsed', () => {
    const r = parse(req('GET', '/t', 'select=*&a=eq.1', { Cookie: 'x=1; y=two', 'X-A': 'b' }));
    assert.equal(r.canonicalQuery, 'a=eq.1&select=%2A');
    assert.deepStrictEqual(r.cookies, { x: '1', y: 'two' });
    assert.deepStrictEqual(r.headers, { 'x-a': 'b' });
  });
  test('OPTIONS negotiates nothing', () => {
    assert.equal(parse(req('OPTIONS', '/t', '', { Accept: 'image/png' })).mediaType, null);
  });
});

describe('plan-time checks', () => {
  test('filter on an embed that is not selected → PGRST108', () => {
    const e = expectRestError(() => parse(req('GET', '/films', 'select=title&actors.name=eq.x')), 'PGRST108');
    assert.equal(e.message, "'actors' is not an embedded resource in this request");
    assert.equal(e.hint, "Verify that 'actors' is included in the 'select' query parameter.");
    for (const q of ['actors.order=name', 'actors.limit=1', 'actors.or=(a.eq.1)', 'order=actors(name)']) {
      expectRestError(() => parse(req('GET', '/films', `select=title&${q}`)), 'PGRST108');
    }
  });
  test('aliases and (legacy) target names both reach an embed', () => {
    parse(req('GET', '/films', 'select=d:directors(*)&d.name=eq.x&directors.name=eq.y&order=d(name)'));
    parse(req('GET', '/films', 'select=...roles(actors(*))&roles.actors.x=eq.1'));
    const e = expectRestError(() => parse(req('GET', '/films', 'select=d:directors(*)&directors.name=eq.y'), { legacyTargetNames: false }), 'PGRST108');
    assert.equal(e.details, 'Target names are not allowed in filters if they have an alias');
    assert.equal(e.hint, "Change 'directors' to 'd' in filters, orders or limits.");
  });
  test('aggregates need db-aggregates-enabled → PGRST123', () => {
    expectRestError(() => parse(req('GET', '/t', 'select=amount.sum()')), 'PGRST123');
    expectRestError(() => parse(req('GET', '/t', 'select=rel(count())')), 'PGRST123');
    assert.equal(parse(req('GET', '/t', 'select=count()'), { aggregatesEnabled: true }).select[0]!.type, 'count');
  });
  test('handling=strict rejects unknown preferences → PGRST122', () => {
    const e = expectRestError(() => parse(req('GET', '/t', '', { Prefer: 'handling=strict, foo, bar=baz' })), 'PGRST122');
    assert.equal(e.details, 'Invalid preferences: foo, bar=baz');
    assert.equal(parse(req('GET', '/t', '', { Prefer: 'handling=lenient, foo' })).preferences.invalid[0], 'foo');
  });
  test('reads negotiate before strict preferences, mutations after', () => {
    const headers = { Prefer: 'handling=strict, foo', Accept: 'image/png' };
    expectRestError(() => parse(req('GET', '/t', '', headers)), 'PGRST107');
    expectRestError(() => parse(req('DELETE', '/t', '', headers)), 'PGRST122');
  });
  test('PUT with limit → PGRST114; body errors → PGRST102', () => {
    expectRestError(() => parse(req('PUT', '/t', 'id=eq.1&limit=1', {}, '{"id":1}')), 'PGRST114');
    expectRestError(() => parse(req('POST', '/t', '', {}, 'nope')), 'PGRST102');
    expectRestError(() => parse(req('POST', '/t', '', { 'Content-Type': 'text/html' }, 'x')), 'PGRST102');
  });
});
