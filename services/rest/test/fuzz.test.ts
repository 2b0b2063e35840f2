// Property-based fuzzing of the whole pipeline over HTTP for ~5 s (PGlite): random requests assembled from
// the fixture's names, PostgREST grammar fragments, hostile values (quotes, NUL, huge in-lists, deep or-trees)
// and random headers and bodies never produce a 5xx, and every error keeps PostgREST's JSON shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { call, startStack, type Stack } from './harness.ts';

const TABLES = ['films', 'directors', 'actors', 'roles', 'nominations', 'family_tree', 'organizations', 'orders', 'addresses', 'items', 'todos', 'nopk',
  'secrets', 'film_titles', 'director_names', 'sales', 'Order%20Items', 'nope', 'rpc'];
const FUNCTIONS = ['add', 'hello', 'films_by_year', 'get_ints', 'void_fn', 'film_stats', 'point_of', 'json_echo', 'text_echo', 'overloaded', 'sum_all',
  'int_array', 'my_uid', 'raise_plain', 'teapot', 'nope'];
const COLUMNS = ['id', 'title', 'year', 'rating', 'director_id', 'tags', 'data', 'released', 'duration', 'summary', 'summary_tsv', 'last_name', 'name', 'qty',
  'character', 'task', 'a', 'b', 'nope', 'count', 'region', 'amount'];
const EMBEDS = ['directors', 'films', 'actors', 'roles', 'nominations', 'profiles', 'family_tree', 'addresses', 'film_titles', 'director_names', 'nope'];
const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'in', 'is', 'isdistinct', 'fts', 'plfts', 'phfts', 'wfts', 'cs', 'cd', 'ov',
  'sl', 'sr', 'nxr', 'nxl', 'adj', 'noop', 'eq(any)', 'like(all)', 'fts(english)', 'fts(nope)'];
const VALUES = ['1', '0', '-1', '2010', 'abc', '', 'null', 'true', '(1,2)', '()', '{1,2}', '{}', '[1,5)', '*a*', '"q,"', '%00', '%22', '%27%3B%20drop%20table%20films%3B--',
  '\\', '2024-01-01', '{"a":1}', 'é🙂', '99999999999999999999', '1e309', 'NaN', '(\'x\')'];

const word = (xs: string[]) => fc.constantFrom(...xs);
const value = fc.oneof(word(VALUES), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const col = fc.oneof(word(COLUMNS), fc.tuple(word(COLUMNS), fc.constantFrom('->', '->>'), fc.oneof(word(['a', 'lang', '0', 'x']), value)).map(([c, o, k]) => `${c}${o}${k}`));
const filter = fc.tuple(fc.boolean(), word(OPS), value).map(([n, op, v]) => `${n ? 'not.' : ''}${op}.${v}`);
const tree: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof({ depthSize: 'small' },
    fc.tuple(col, filter).map(([c, f]) => `${c}.${f}`),
    fc.tuple(fc.constantFrom('or', 'and', 'not.or'), fc.array(tie('t'), { minLength: 1, maxLength: 3 })).map(([o, xs]) => `${o}(${xs.join(',')})`)),
})).t;
const selectItem: fc.Arbitrary<string> = fc.letrec<{ s: string }>((tie) => ({
  s: fc.oneof({ depthSize: 'small' },
    col, word(['*', 'count()', 'amount.sum()', 'year::text', 'x:title', 'rating.avg()::int']),
    fc.tuple(fc.constantFrom('', 'x:', '...'), word(EMBEDS), fc.constantFrom('', '!inner', '!left', '!nope', '!billing'), fc.array(tie('s'), { maxLength: 3 }))
      .map(([a, e, h, xs]) => `${a}${e}${h}(${xs.join(',')})`)),
})).s;
const param = fc.oneof(
  fc.array(selectItem, { maxLength: 4 }).map((xs) => `select=${encodeURIComponent(xs.join(','))}`),
  fc.tuple(fc.constantFrom('', 'films.', 'roles.', 'directors.', 'nope.'), col, filter).map(([p, c, f]) => `${p}${encodeURIComponent(c)}=${encodeURIComponent(f)}`),
  tree.map((t) => `or=${encodeURIComponent(t.replace(/^(or|and|not\.or)/, ''))}`),
  fc.tuple(word(['order', 'films.order', 'roles.order']), col, fc.constantFrom('', '.asc', '.desc.nullslast', '.nullsfirst', '.bogus')).map(([k, c, d]) => `${k}=${encodeURIComponent(c + d)}`),
  fc.tuple(word(['limit', 'offset', 'films.limit', 'roles.offset']), fc.oneof(fc.integer({ min: -5, max: 1e12 }).map(String), value)).map(([k, v]) => `${k}=${v}`),
  fc.tuple(word(['columns', 'on_conflict']), fc.array(word(COLUMNS), { maxLength: 3 })).map(([k, xs]) => `${k}=${xs.join(',')}`),
  fc.tuple(word(COLUMNS), value).map(([k, v]) => `${k}=${v}`),
  fc.integer({ min: 50, max: 3000 }).map((n) => `id=in.(${Array.from({ length: n }, (_, i) => i).join(',')})`),
  fc.integer({ min: 20, max: 400 }).map((n) => `or=(${'or('.repeat(n)}id.eq.1${')'.repeat(n)})`),
  fc.integer({ min: 20, max: 300 }).map((n) => `or=(${'and(id.eq.2,or(id.eq.3,'.repeat(n)}id.eq.1${'))'.repeat(n)})`),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'),
  path: fc.oneof(word(TABLES).map((t) => `/${t}`), word(FUNCTIONS).map((f) => `/rpc/${f}`), fc.constantFrom('/', '/a/b', '/rpc/'),
    fc.string({ maxLength: 10 }).map((s) => `/${encodeURIComponent(s)}`)),
  query: fc.array(param, { maxLength: 5 }).map((ps) => ps.join('&')),
  as: fc.constantFrom('anon', 'service', 'user1') as fc.Arbitrary<'anon' | 'service' | 'user1'>,
  headers: fc.dictionary(fc.constantFrom('prefer', 'accept', 'range', 'accept-profile', 'content-profile', 'content-type'), fc.oneof(
    word(['return=representation', 'count=exact', 'count=planned, count=estimated', 'resolution=merge-duplicates', 'missing=default', 'tx=rollback',
      'handling=strict, max-affected=1', 'timezone=UTC', 'bogus', 'application/vnd.pgrst.object+json', 'text/csv', 'application/vnd.pgrst.plan+json; options=analyze',
      'application/geo+json', 'application/x-www-form-urlencoded', 'text/plain', '0-3', '5-1', 'public', 'ai', 'auth', 'storage', 'nope']),
    fc.string({ maxLength: 16 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))), { maxKeys: 3 }),
  body: fc.oneof(fc.constant(undefined), fc.json({ maxDepth: 2 }), fc.constantFrom('{"id":900,"title":"f"}', '[{"id":901},{"id":902}]', '{"a":1}', '{', 'id,name\n1,x', '')),
});

let s: Stack;
before(async () => { s = await startStack('pglite', { config: { statementTimeoutMs: 2000 } }); });
after(async () => { await s?.close(); });

test('random requests never get a 5xx and errors keep the PostgREST shape', async () => {
  let runs = 0;
  await fc.assert(fc.asyncProperty(request, async (r) => {
    runs++;
    const res = await call(s, { method: r.method, path: `${r.path}${r.query ? `?${r.query}` : ''}`, as: r.as, headers: r.headers,
      body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body });
    const shown = `${r.method} ${r.path}?${r.query.slice(0, 300)} ${JSON.stringify(r.headers)} → ${res.status} ${res.text.slice(0, 300)}`;
    assert.ok(res.status < 500, shown);
    if (res.status >= 400 && res.json && typeof res.json === 'object' && !Array.isArray(res.json) && 'code' in res.json) {
      assert.deepEqual(Object.keys(res.json).sort(), ['code', 'details', 'hint', 'message'], shown);
    }
  }), { numRuns: 1_000_000, interruptAfterTimeLimit: Number(process.env.FUZZ_MS ?? 5_000), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1e9),
    reporter: (out) => { if (out.failed) throw new Error(`${String(out.errorInstance).slice(0, 1500)} (seed ${out.seed}, path ${out.counterexamplePath})`); } });
  assert.ok(runs > 50, `only ${runs} runs`);
  console.log(`# fuzz: ${runs} requests`);
});
