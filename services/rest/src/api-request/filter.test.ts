// Table-driven cases of filter values (`op.value`) for every operator, `not.`, quantifiers, fts
// configs, `in` lists with quoting, and `is` values; plus the PGRST100 failures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFilterValue } from './filter.ts';
import { expectRestError } from './test-helpers.ts';
import type { Operation } from './types.ts';

const ok: [string, boolean, Operation][] = [
  ['eq.1', false, { operator: 'eq', value: '1' }],
  ['eq.', false, { operator: 'eq', value: '' }],
  ['eq.a.b,c(d)', false, { operator: 'eq', value: 'a.b,c(d)' }],
  ['neq.x', false, { operator: 'neq', value: 'x' }],
  ['gt.2024-01-01', false, { operator: 'gt', value: '2024-01-01' }],
  ['gte.1', false, { operator: 'gte', value: '1' }],
  ['lt.1', false, { operator: 'lt', value: '1' }],
  ['lte.1', false, { operator: 'lte', value: '1' }],
  ['like.*Tom*', false, { operator: 'like', value: '*Tom*' }],
  ['ilike.*tom*', false, { operator: 'ilike', value: '*tom*' }],
  ['match.^A', false, { operator: 'match', value: '^A' }],
  ['imatch.^a', false, { operator: 'imatch', value: '^a' }],
  ['eq(any).{a,b}', false, { operator: 'eq', quantifier: 'any', value: '{a,b}' }],
  ['like(all).{O*,P*}', false, { operator: 'like', quantifier: 'all', value: '{O*,P*}' }],
  ['not.eq(all).value', true, { operator: 'eq', quantifier: 'all', value: 'value' }],
  ['in.(1,2,3)', false, { operator: 'in', values: ['1', '2', '3'] }],
  ['in.()', false, { operator: 'in', values: [] }],
  ['in.("")', false, { operator: 'in', values: [''] }],
  ['in.("a,b","c)d",e)', false, { operator: 'in', values: ['a,b', 'c)d', 'e'] }],
  ['in.("say \\"hi\\"","back\\\\slash")', false, { operator: 'in', values: ['say "hi"', 'back\\slash'] }],
  ['in.("a"b,c)', false, { operator: 'in', values: ['"a"b', 'c'] }],
  ['in.( 1, 2 )', false, { operator: 'in', values: ['1', ' 2 '] }],
  ['not.in.(1,2)', true, { operator: 'in', values: ['1', '2'] }],
  ['is.null', false, { operator: 'is', value: 'null' }],
  ['is.NULL', false, { operator: 'is', value: 'null' }],
  ['is.not_null', false, { operator: 'is', value: 'not_null' }],
  ['is.true', false, { operator: 'is', value: 'true' }],
  ['is.False', false, { operator: 'is', value: 'false' }],
  ['is.unknown', false, { operator: 'is', value: 'unknown' }],
  ['not.is.null', true, { operator: 'is', value: 'null' }],
  ['isdistinct.5', false, { operator: 'isdistinct', value: '5' }],
  ['fts.cat & dog', false, { operator: 'fts', value: 'cat & dog' }],
  ['fts(english).cat', false, { operator: 'fts', language: 'english', value: 'cat' }],
  ['plfts.fat cats', false, { operator: 'plfts', value: 'fat cats' }],
  ['phfts(english).the cat', false, { operator: 'phfts', language: 'english', value: 'the cat' }],
  ['wfts(simple)."x" -y', false, { operator: 'wfts', language: 'simple', value: '"x" -y' }],
  ['not.fts.x', true, { operator: 'fts', value: 'x' }],
  ['cs.{a,b}', false, { operator: 'cs', value: '{a,b}' }],
  ['cs.{"a":1}', false, { operator: 'cs', value: '{"a":1}' }],
  ['cd.{1,2}', false, { operator: 'cd', value: '{1,2}' }],
  ['ov.[2000-01-01,2000-12-31]', false, { operator: 'ov', value: '[2000-01-01,2000-12-31]' }],
  ['sl.(1,10)', false, { operator: 'sl', value: '(1,10)' }],
  ['sr.(1,10)', false, { operator: 'sr', value: '(1,10)' }],
  ['nxr.(1,10)', false, { operator: 'nxr', value: '(1,10)' }],
  ['nxl.(1,10)', false, { operator: 'nxl', value: '(1,10)' }],
  ['adj.(1,10)', false, { operator: 'adj', value: '(1,10)' }],
];

const bad: [string, number, RegExp][] = [
  ['noop.0', 1, /expecting "not" or operator \(eq, gt, \.\.\.\)/],
  ['val', 1, /^unexpected "v" expecting "not" or operator/],
  ['', 1, /^unexpected end of input/],
  ['eq', 1, /operator/],
  ['not.noop.1', 5, /expecting operator \(eq, gt, \.\.\.\)$/],
  ['not.not.eq.1', 5, /operator/],
  ['eq().value', 4, /"any" or "all"/],
  ['neq(any).1', 1, /operator/],
  ['is().value', 1, /operator/],
  ['in().value', 1, /operator/],
  ['in.1,2', 4, /"\("/],
  ['in.(1,2', 8, /"\)"/],
  ['in.(1,2)x', 9, /end of input/],
  ['is.nul', 4, /isVal/],
  ['is.nullx', 4, /isVal/],
  ['fts().x', 5, /letter or digit/],
  ['EQ.1', 1, /operator/],
];

describe('filter operator expressions', () => {
  for (const [input, negated, operation] of ok) {
    test(`parses ${JSON.stringify(input)}`, () => assert.deepStrictEqual(parseFilterValue(input), { negated, operation }));
  }
  for (const [input, column, details] of bad) {
    test(`rejects ${JSON.stringify(input)}`, () => {
      const e = expectRestError(() => parseFilterValue(input), 'PGRST100');
      assert.equal(e.message, `"failed to parse filter (${input})" (line 1, column ${column})`);
      assert.match(String(e.details), details);
    });
  }
});
