// Table-driven cases of `and`/`or` trees: nesting, negation, embed paths, quoted and array values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLogicParam } from './logic-tree.ts';
import { expectRestError, fld } from './test-helpers.ts';
import type { LogicTree, Operation } from './types.ts';

const leaf = (name: string, operation: Operation, negated = false): LogicTree =>
  ({ type: 'filter', filter: { field: fld(name), negated, operation } });
const or = (...children: LogicTree[]): LogicTree => ({ type: 'expr', negated: false, operator: 'or', children });
const and = (...children: LogicTree[]): LogicTree => ({ type: 'expr', negated: false, operator: 'and', children });
const not = (t: LogicTree): LogicTree => ({ ...t, negated: true }) as LogicTree;

const ok: [string, string, string[], LogicTree][] = [
  ['or', '(age.lt.18,age.gt.21)', [], or(leaf('age', { operator: 'lt', value: '18' }), leaf('age', { operator: 'gt', value: '21' }))],
  ['and', '(a.gte.0,a.lte.100)', [], and(leaf('a', { operator: 'gte', value: '0' }), leaf('a', { operator: 'lte', value: '100' }))],
  ['not.and', '(a.gte.0,a.lte.100)', [], not(and(leaf('a', { operator: 'gte', value: '0' }), leaf('a', { operator: 'lte', value: '100' })))],
  ['or', '(age.eq.14,not.and(age.gte.11,age.lte.17))', [], or(
    leaf('age', { operator: 'eq', value: '14' }),
    not(and(leaf('age', { operator: 'gte', value: '11' }), leaf('age', { operator: 'lte', value: '17' })))),
  ],
  ['or', '(tags.cs.{a,b},id.in.(1,2))', [], or(leaf('tags', { operator: 'cs', value: '{a,b}' }), leaf('id', { operator: 'in', values: ['1', '2'] }))],
  ['or', '(actors.is.null,directors.not.is.null)', [], or(
    leaf('actors', { operator: 'is', value: 'null' }), leaf('directors', { operator: 'is', value: 'null' }, true))],
  ['roles.or', '(character.eq.Gummo,character.eq.Zeppo)', ['roles'], or(
    leaf('character', { operator: 'eq', value: 'Gummo' }), leaf('character', { operator: 'eq', value: 'Zeppo' }))],
  ['a.b.not.or', '(x.eq.1)', ['a', 'b'], not(or(leaf('x', { operator: 'eq', value: '1' })))],
  ['or', '(name.eq."a,b)c",name.eq.x y)', [], or(leaf('name', { operator: 'eq', value: 'a,b)c' }), leaf('name', { operator: 'eq', value: 'x y' }))],
  ['or', '(name.eq.,x.is.true)', [], or(leaf('name', { operator: 'eq', value: '' }), leaf('x', { operator: 'is', value: 'true' }))],
  ['or', '( a.eq.1 , b.eq.2 )', [], or(leaf('a', { operator: 'eq', value: '1 ' }), leaf('b', { operator: 'eq', value: '2 ' }))],
  ['or', '(data->>k.eq.v,t.fts(english).cat)', [], or(
    { type: 'filter', filter: { field: fld('data', [{ op: '->>', key: 'k' }]), negated: false, operation: { operator: 'eq', value: 'v' } } },
    leaf('t', { operator: 'fts', language: 'english', value: 'cat' }))],
  ['or', '(or.eq.1,and.eq.2)', [], or(leaf('or', { operator: 'eq', value: '1' }), leaf('and', { operator: 'eq', value: '2' }))],
  ['or', '(a.like(any).{x*,y*})', [], or(leaf('a', { operator: 'like', quantifier: 'any', value: '{x*,y*}' }))],
];

const bad: [string, string, number][] = [
  ['or', '()', 4],
  ['or', '(id.in.1,2,id.eq.3)', 10],
  ['or', ')(', 3],
  ['and', '(ord(id.eq.1,id.eq.1),id.eq.2)', 7],
  ['or', '(id.eq.1,not.xor(id.eq.2,id.eq.3))', 16],
  ['or', '(a.eq.1', 10],
  ['or', '(a.eq.1)x', 11],
  ['or', '.eq.1', 8],
  ['or', '(a.eq.(x),b.eq.1)', 12],
];

describe('logic trees', () => {
  for (const [key, value, path, tree] of ok) {
    test(`parses ${key}=${value}`, () => assert.deepStrictEqual(parseLogicParam(key, value), { path, tree }));
  }
  for (const [key, value, column] of bad) {
    test(`rejects ${key}=${value}`, () => {
      const e = expectRestError(() => parseLogicParam(key, value), 'PGRST100');
      assert.equal(e.message, `"failed to parse logic tree (${value})" (line 1, column ${column})`);
    });
  }
});
