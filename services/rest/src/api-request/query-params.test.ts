// Classification of query params: reserved keys, `<path>.<reserved>`, filters with embed paths and
// JSON paths, RPC GET arguments vs filters, `columns`/`on_conflict`, decoding and the canonical form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQueryParams, parseTreePath } from './query-params.ts';
import { canonicalQuery, percentDecode, splitQuery } from './query-string.ts';
import { col, expectRestError, fld } from './test-helpers.ts';

const parse = (q: string, rpcRead = false) => parseQueryParams(splitQuery(q), { rpcRead });

describe('query string splitting and decoding', () => {
  const cases: [string, [string, string | null][]][] = [
    ['a=1&b=2', [['a', '1'], ['b', '2']]],
    ['?a=1', [['a', '1']]],
    ['a=1;b=2', [['a', '1'], ['b', '2']]],
    ['a=x+y&b=%20%2B', [['a', 'x y'], ['b', ' +']]],
    ['foo&bar=', [['foo', null], ['bar', '']]],
    ['a=%zz%4', [['a', '%zz%4']]],
    ['n=%C3%A9%E2%82%AC', [['n', 'é€']]],
    ['k=a=b', [['k', 'a=b']]],
    ['', []],
  ];
  for (const [q, pairs] of cases) test(`splits ${JSON.stringify(q)}`, () => assert.deepStrictEqual(splitQuery(q), pairs));
  test('percentDecode keeps + in paths', () => assert.equal(percentDecode('a+b%20c', false), 'a+b c'));
  test('canonical query is sorted, repeated keys joined with commas', () => {
    assert.equal(canonicalQuery(splitQuery('c=3&a=1&b=2&d')), 'a=1&b=2&c=3&d=');
    assert.equal(canonicalQuery(splitQuery('id=gt.1&id=lt.5&select=*')), 'id=gt.1,lt.5&select=%2A');
    assert.equal(canonicalQuery(splitQuery('name=eq.J%C3%BCrgen')), 'name=eq.J%C3%BCrgen');
  });
});

describe('tree paths (filter keys)', () => {
  const cases: [string, string[], ReturnType<typeof fld>][] = [
    ['age', [], fld('age')],
    ['films.title', ['films'], fld('title')],
    ['roles.actors.first_name', ['roles', 'actors'], fld('first_name')],
    ['data->>blood_type', [], fld('data', [{ op: '->>', key: 'blood_type' }])],
    ['rel.json_col->phones->0->>number', ['rel'], fld('json_col', [{ op: '->', key: 'phones' }, { op: '->', index: 0 }, { op: '->>', key: 'number' }])],
    ['"information.cpe"', [], fld('information.cpe')],
    ['"order"', [], fld('order')],
    ['Order Items', [], fld('Order Items')],
  ];
  for (const [key, path, field] of cases) {
    test(`parses ${key}`, () => assert.deepStrictEqual(parseTreePath(key), { path, field }));
  }
  test('casts are not allowed in filter keys', () => { expectRestError(() => parseTreePath('id::text'), 'PGRST100'); });
});

describe('query params', () => {
  test('select defaults to *; empty select selects nothing; first select wins', () => {
    assert.deepStrictEqual(parse('').select, [{ type: 'star' }]);
    assert.deepStrictEqual(parse('select=').select, []);
    assert.deepStrictEqual(parse('select=a&select=b').select, [col('a')]);
    assert.deepStrictEqual(parse('select').select, [{ type: 'star' }]);
  });
  test('filters keep embed paths and repeat (AND-ed)', () => {
    const q = parse('id=gt.1&id=lt.5&actors.name=eq.Tom&actors.roles.x=is.null');
    assert.deepStrictEqual(q.filters.map((f) => [f.path, f.filter.field.name, f.filter.operation.operator]), [
      [[], 'id', 'gt'], [[], 'id', 'lt'], [['actors'], 'name', 'eq'], [['actors', 'roles'], 'x', 'is'],
    ]);
  });
  test('params without = are ignored, empty values fail as filters', () => {
    assert.deepStrictEqual(parse('foo').filters, []);
    const e = expectRestError(() => parse('foo='), 'PGRST100');
    assert.equal(e.message, '"failed to parse filter ()" (line 1, column 1)');
  });
  test('keys ending in a reserved word are not filters', () => {
    const q = parse('order=a&rel.order=b.desc&limit=5&rel.limit=2&offset=1&rel.offset=3&or=(a.eq.1)&rel.and=(b.eq.2)');
    assert.deepStrictEqual(q.filters, []);
    assert.deepStrictEqual(q.order.map((o) => o.path), [[], ['rel']]);
    assert.deepStrictEqual(q.logic.map((l) => l.path), [[], ['rel']]);
    assert.deepStrictEqual(q.ranges, [{ path: [], limit: 5, offset: 1 }, { path: ['rel'], limit: 2, offset: 3 }]);
  });
  test('a column called order must be quoted', () => {
    assert.deepStrictEqual(parse('"order"=eq.1').filters[0]!.filter.field, fld('order'));
  });
  test('non-integer limit/offset are ignored; the last value wins', () => {
    assert.deepStrictEqual(parse('limit=abc&offset=1.5').ranges, [{ path: [] }]);
    assert.deepStrictEqual(parse('limit=5&limit=7&limit= 9 ').ranges, [{ path: [], limit: 9 }]);
    assert.deepStrictEqual(parse('limit=5&limit=x').ranges, [{ path: [] }]);
  });
  test('columns and on_conflict parse quoted names', () => {
    const q = parse('columns=%22a%22,%22b c%22, d&on_conflict=id,"Code"');
    assert.deepStrictEqual(q.columns, ['a', 'b c', 'd']);
    assert.deepStrictEqual(q.onConflict, ['id', 'Code']);
    const e = expectRestError(() => parse('columns=a,,b'), 'PGRST100');
    assert.match(e.message, /^"failed to parse columns parameter \(a,,b\)"/);
    expectRestError(() => parse('on_conflict='), 'PGRST100');
  });
  test('RPC GET: values that are not operator expressions are arguments', () => {
    const q = parse('x=1&arr={1,2,3}&v=a&v=b&id=eq.3&name=hello.world', true);
    assert.deepStrictEqual(q.rpcArgs, [['x', '1'], ['arr', '{1,2,3}'], ['v', 'a'], ['v', 'b'], ['name', 'hello.world']]);
    assert.deepStrictEqual(q.filters.map((f) => f.filter.field.name), ['id']);
  });
  test('RPC GET: an empty value is an argument', () => {
    assert.deepStrictEqual(parse('x=', true).rpcArgs, [['x', '']]);
  });
  test('RPC GET: `not.`/`in.`/`is.` commit to a filter', () => {
    expectRestError(() => parse('x=not.a.number', true), 'PGRST100');
    expectRestError(() => parse('x=in.abc', true), 'PGRST100');
    expectRestError(() => parse('x=is.maybe', true), 'PGRST100');
  });
  test('errors come in PostgREST order: order before select', () => {
    const e = expectRestError(() => parse('select=a,,b&order=x.bad'), 'PGRST100');
    assert.match(e.message, /failed to parse order/);
  });
});
