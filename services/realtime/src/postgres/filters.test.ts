// Subscription params and filters: Supabase Realtime's parse results and messages, and JS evaluation by type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFilters, parseFilters, parseSubscriptionParams, splitTopLevel } from './filters.ts';

test('params: schema/table/filter combinations and defaults', () => {
  const cases: [unknown, unknown][] = [
    [{ schema: 'public', table: 'messages', filter: 'subject=eq.hey' }, { event: '*', schema: 'public', table: 'messages', filters: [{ column: 'subject', op: 'eq', value: 'hey', negate: false }], select: null }],
    [{ schema: 'public' }, { event: '*', schema: 'public', table: '*', filters: [], select: null }],
    [{ table: 'messages', event: 'insert' }, { event: 'INSERT', schema: 'public', table: 'messages', filters: [], select: null }],
    [{ schema: 'public', table: 't', event: 'bogus', filter: '  ' }, { event: '*', schema: 'public', table: 't', filters: [], select: null }],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseSubscriptionParams(input), { ok: true, value: want }, JSON.stringify(input));
});

test('params: errors word it as Supabase does', () => {
  assert.deepEqual(parseSubscriptionParams({}), { ok: false, error: 'No subscription params provided. Please provide at least a `schema` or `table` to subscribe to: {}' });
  assert.deepEqual(parseSubscriptionParams({ schema: 'public', table: 'm', filter: 'subject=foo.hey' }), { ok: false, error: 'Error parsing `filter` params: ["foo", "hey"]' });
  assert.deepEqual(parseSubscriptionParams({ schema: 'public', table: 'm', filter: 'undefined' }), { ok: false, error: 'Error parsing `filter` params: ["undefined"]' });
  assert.deepEqual(parseFilters('a=in.1,2'), { ok: false, error: 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses' });
  assert.equal(parseSubscriptionParams({ schema: '*', select: ['a'] }).ok, false);
  assert.match((parseFilters('a=eq.1,,b=eq.2') as { error: string }).error, /empty segments/);
});

test('filters: several at once, not., in lists with quotes, quoted values with commas', () => {
  const r = parseFilters('id=gt.0,id=lt.100,name=not.like.hey%,tag=in.(a,"b,c",d),t=eq."x,y"');
  assert.ok(r.ok);
  assert.deepEqual(r.value.map((f) => [f.column, f.op, f.negate, f.list ?? f.value]), [
    ['id', 'gt', false, '0'], ['id', 'lt', false, '100'], ['name', 'like', true, 'hey%'], ['tag', 'in', false, ['a', 'b,c', 'd']], ['t', 'eq', false, 'x,y'],
  ]);
  assert.deepEqual(splitTopLevel('a=in.(1,2),b=eq.3'), ['a=in.(1,2)', 'b=eq.3']);
});

const types = new Map(Object.entries({ id: 'int8', n: 'numeric', name: 'text', ok: 'bool', at: 'timestamptz', day: 'date', u: 'uuid', j: 'jsonb' }));
const row = { id: 5, n: '10.5', name: 'Hello World', ok: true, at: '2024-05-01T12:00:00+00:00', day: '2024-05-01', u: 'ABCDEF00-0000-0000-0000-000000000001'.toLowerCase(), j: { a: [1] }, nothing: null };
const check = (filter: string) => {
  const p = parseFilters(filter);
  assert.ok(p.ok, filter);
  return matchesFilters(p.value, row, types);
};

test('evaluation by column type', () => {
  const table: [string, boolean][] = [
    ['id=eq.5', true], ['id=eq.05', true], ['id=neq.5', false], ['id=gt.4', true], ['id=lte.4', false], ['id=in.(1,5,9)', true], ['id=in.(1,9)', false],
    ['n=gt.9.99', true], ['n=lt.10.5', false],
    ['name=eq.Hello World', true], ['name=like.Hello%', true], ['name=like.hello%', false], ['name=ilike.hello%', true], ['name=match.^H.*d$', true], ['name=imatch.^h', true],
    ['name=not.eq.Hello World', false], ['name=gt.Hello', true],
    ['ok=eq.true', true], ['ok=eq.t', true], ['ok=is.true', true], ['ok=is.false', false],
    ['at=eq.2024-05-01T12:00:00Z', true], ['at=gt.2024-05-01 11:59:59+00', true], ['day=lt.2024-05-02', true],
    ['u=eq.ABCDEF00-0000-0000-0000-000000000001', true],
    ['j=eq.{"a":[1]}', true], ['j=neq.{"a":[2]}', true],
    ['nothing=is.null', true], ['nothing=eq.x', false], ['nothing=not.eq.x', false], ['nothing=isdistinct.x', true], ['id=isdistinct.5', false],
    ['missing=eq.1', true],
    ['id=gt.0,name=like.H%', true], ['id=gt.0,name=like.X%', false],
  ];
  for (const [filter, want] of table) assert.equal(check(filter), want, filter);
});
