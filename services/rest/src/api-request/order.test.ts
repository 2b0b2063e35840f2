// Table-driven cases of `order`: directions, nulls placement, JSON paths, related-order terms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseOrder } from './order.ts';
import { expectRestError, fld } from './test-helpers.ts';
import type { OrderTerm } from './types.ts';

const ok: [string, OrderTerm[]][] = [
  ['id', [{ field: fld('id') }]],
  ['name.desc.nullsfirst', [{ field: fld('name'), direction: 'desc', nulls: 'first' }]],
  ['a.asc,b.desc.nullslast', [{ field: fld('a'), direction: 'asc' }, { field: fld('b'), direction: 'desc', nulls: 'last' }]],
  ['id.nullslast', [{ field: fld('id'), nulls: 'last' }]],
  ['json_col->key.asc.nullslast', [{ field: fld('json_col', [{ op: '->', key: 'key' }]), direction: 'asc', nulls: 'last' }]],
  ['j->0.desc', [{ field: fld('j', [{ op: '->', index: 0 }]), direction: 'desc' }]],
  ['j->>!@#$%^&*_a.asc', [{ field: fld('j', [{ op: '->>', key: '!@#$%^&*_a' }]), direction: 'asc' }]],
  ['clients(json_col->key).desc.nullsfirst', [{ relation: 'clients', field: fld('json_col', [{ op: '->', key: 'key' }]), direction: 'desc', nulls: 'first' }]],
  ['name,clients(name),id', [{ field: fld('name') }, { relation: 'clients', field: fld('name') }, { field: fld('id') }]],
  ['"order".desc', [{ field: fld('order'), direction: 'desc' }]],
  [' a.desc , b ', [{ field: fld('a'), direction: 'desc' }, { field: fld('b') }]],
];

const bad: [string, number][] = [
  ['clients(name,id)', 8],
  ['id.ac', 4],
  ['id.descc', 8],
  ['id.nulsfist', 4],
  ['id.nullslasttt', 13],
  ['id.asc.nlsfst', 8],
  ['id.asc.smth34', 8],
  ['', 1],
  ['a,', 3],
];

describe('order', () => {
  for (const [input, terms] of ok) {
    test(`parses ${JSON.stringify(input)}`, () => assert.deepStrictEqual(parseOrder(input), terms));
  }
  for (const [input, column] of bad) {
    test(`rejects ${JSON.stringify(input)}`, () => {
      const e = expectRestError(() => parseOrder(input), 'PGRST100');
      assert.equal(e.message, `"failed to parse order (${input})" (line 1, column ${column})`);
    });
  }
});
