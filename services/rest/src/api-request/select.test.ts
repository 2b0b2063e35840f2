// Table-driven cases of the `select` grammar (PostgREST docs + QueryParams doctests).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSelect } from './select.ts';
import { col, expectRestError, fld } from './test-helpers.ts';
import type { SelectItem } from './types.ts';

const ok: [string, SelectItem[]][] = [
  ['*', [{ type: 'star' }]],
  ['', []],
  ['id,name', [col('id'), col('name')]],
  ['  id , name ', [col('id'), col('name')]],
  ['full_name:name', [col('name', { alias: 'full_name' })]],
  ['salary::text', [col('salary', { cast: 'text' })]],
  ['ts::timestamp with time zone', [col('ts', { cast: 'timestamp with time zone' })]],
  ['"a.b:c"', [col('a.b:c')]],
  ['"say \\"hi\\""', [col('say "hi"')]],
  ['first-name', [col('first-name')]],
  ['Order Items', [col('Order Items')]],
  ['naïve', [col('naïve')]],
  ['data->>blood_type', [{ type: 'field', field: fld('data', [{ op: '->>', key: 'blood_type' }]) }]],
  ['data->phones->0->>number', [{
    type: 'field',
    field: fld('data', [{ op: '->', key: 'phones' }, { op: '->', index: 0 }, { op: '->>', key: 'number' }]),
  }]],
  ['arr->-1', [{ type: 'field', field: fld('arr', [{ op: '->', index: -1 }]) }]],
  ['j->"a.b"', [{ type: 'field', field: fld('j', [{ op: '->', key: 'a.b' }]) }]],
  ['j->!@#$%^&*_a', [{ type: 'field', field: fld('j', [{ op: '->', key: '!@#$%^&*_a' }]) }]],
  ['alias:name->jsonpath::cast', [{ type: 'field', field: fld('name', [{ op: '->', key: 'jsonpath' }]), alias: 'alias', cast: 'cast' }]],
  ['count()', [{ type: 'count' }]],
  ['total:count()::int', [{ type: 'count', alias: 'total', cast: 'int' }]],
  ['count', [col('count')]],
  ['amount.sum()', [col('amount', { aggregate: 'sum' })]],
  ['amount.avg()::int', [col('amount', { aggregate: 'avg', aggregateCast: 'int' })]],
  ['amount::numeric.max()', [col('amount', { cast: 'numeric', aggregate: 'max' })]],
  ['m:amount.min()', [col('amount', { alias: 'm', aggregate: 'min' })]],
  ['id.count()', [col('id', { aggregate: 'count' })]],
  ['client(id)', [{ type: 'embed', relation: 'client', select: [col('id')] }]],
  ['*,client(*,nested(*))', [{ type: 'star' }, {
    type: 'embed', relation: 'client',
    select: [{ type: 'star' }, { type: 'embed', relation: 'nested', select: [{ type: 'star' }] }],
  }]],
  ['alias:rel!hint!inner(*)', [{ type: 'embed', relation: 'rel', alias: 'alias', hint: 'hint', joinType: 'inner', select: [{ type: 'star' }] }]],
  ['rel!inner!hint(*)', [{ type: 'embed', relation: 'rel', hint: 'hint', joinType: 'inner', select: [{ type: 'star' }] }]],
  ['rel!left(*)', [{ type: 'embed', relation: 'rel', joinType: 'left', select: [{ type: 'star' }] }]],
  ['rel!"inner"(*)', [{ type: 'embed', relation: 'rel', hint: 'inner', select: [{ type: 'star' }] }]],
  ['actors()', [{ type: 'embed', relation: 'actors', select: [] }]],
  ['sum(amount)', [{ type: 'embed', relation: 'sum', select: [col('amount')] }]],
  ['...rel(*)', [{ type: 'spread', relation: 'rel', select: [{ type: 'star' }] }]],
  ['...rel!hint!inner(a,b)', [{ type: 'spread', relation: 'rel', hint: 'hint', joinType: 'inner', select: [col('a'), col('b')] }]],
  ['title,director:directors(last_name),...roles(character)', [
    col('title'),
    { type: 'embed', relation: 'directors', alias: 'director', select: [col('last_name')] },
    { type: 'spread', relation: 'roles', select: [col('character')] },
  ]],
  ['rel(count(),x.sum())', [{ type: 'embed', relation: 'rel', select: [{ type: 'count' }, col('x', { aggregate: 'sum' })] }]],
];

const bad: [string, number][] = [
  ['a,,b', 3],
  ['id,clients(name[])', 16],
  ['data->>-78xy', 11],
  ['name!hint', 10],
  ['*!hint', 2],
  ['name::', 7],
  ['rel->jsonpath(*)', 14],
  ['alias:...rel(*)', 7],
  ['rel(*', 6],
  ['a)', 2],
  ['""', 1],
  ['rel!a!b(*)', 7],
  ['rel!inner!left(*)', 11],
  ['x.foo()', 3],
  ['count(id)', 6],
];

describe('select grammar', () => {
  for (const [input, expected] of ok) {
    test(`parses ${JSON.stringify(input)}`, () => assert.deepStrictEqual(parseSelect(input), expected));
  }
  for (const [input, column] of bad) {
    test(`rejects ${JSON.stringify(input)} at column ${column}`, () => {
      const e = expectRestError(() => parseSelect(input), 'PGRST100');
      assert.equal(e.message, `"failed to parse select parameter (${input})" (line 1, column ${column})`);
      assert.equal(e.status, 400);
      assert.match(String(e.details), /^unexpected /);
    });
  }
});
