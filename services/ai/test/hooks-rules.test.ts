// Rule hooks and HTTP hook answers as pure functions: a table of conditions (operators, NOT, quoting, IN
// lists, dotted paths, output events), rule lists where the first match decides, and fail-closed errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRules, matches } from '../src/hooks/rule-hook.ts';
import { parseDecision } from '../src/hooks/http-hook.ts';

const args = { query: 'drop table users', table: 'orders', limit: 5, filter: { owner: 'alice' } };

describe('rule conditions', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ["query CONTAINS 'table'", args, true],
    ["query CONTAINS 'TABLE'", args, false],
    ["query NOT CONTAINS 'table'", args, false],
    ["query STARTS_WITH 'drop'", args, true],
    ['query STARTS_WITH "select"', args, false],
    ['query MATCHES ^drop\\s+table', args, true],
    ["query MATCHES '^select'", args, false],
    ["table IN ['orders', 'invoices']", args, true],
    ['table IN ["users"]', args, false],
    ['table NOT IN ["users"]', args, true],
    ['limit IN [5, 10]', args, true],
    ["filter.owner CONTAINS 'ali'", args, true],
    ["missing CONTAINS 'x'", args, false],
    ["output CONTAINS 'password'", { output: { text: 'the password is 42' } }, true],
    ['query CONTAINS table', args, true],
  ];
  for (const [condition, subject, expected] of cases) {
    test(`${condition} → ${expected}`, () => assert.equal(matches(condition, subject), expected));
  }

  test('unparseable conditions and bad operands throw', () => {
    assert.throws(() => matches('query LIKE x', args), /cannot parse/);
    assert.throws(() => matches("table IN 'orders'", args), /JSON list/);
    assert.throws(() => matches(`query MATCHES ${'a'.repeat(501)}`, args), /500/);
  });
});

describe('rule hooks', () => {
  test('single condition: deny with the configured message, or the default', () => {
    assert.deepEqual(evaluateRules({ condition: "query STARTS_WITH 'drop'", message: 'No DDL' }, args), { action: 'deny', message: 'No DDL' });
    assert.deepEqual(evaluateRules({ condition: "query STARTS_WITH 'drop'" }, args), { action: 'deny', message: 'Blocked by rule' });
    assert.deepEqual(evaluateRules({ condition: "query STARTS_WITH 'select'" }, args), { action: 'allow' });
  });

  test('rule lists: the first matching rule decides, strings and objects mixed', () => {
    const config = { rules: [{ condition: "table IN ['orders']", action: 'allow' }, "query CONTAINS 'drop'"] };
    assert.deepEqual(evaluateRules(config, args), { action: 'allow' });
    assert.equal(evaluateRules(config, { ...args, table: 'users' }).action, 'deny');
  });

  test('a broken rule blocks (fail-closed)', () => {
    assert.equal(evaluateRules({}, args).action, 'deny');
    assert.equal(evaluateRules({ rules: [{ nope: 1 }] }, args).action, 'deny');
    assert.match(evaluateRules({ condition: 'query ~ x' }, args).message!, /rule error/);
  });
});

describe('http hook answers', () => {
  test('allow by default; deny, message and modifications read; junk ignored', () => {
    assert.deepEqual(parseDecision(null), { action: 'allow' });
    assert.deepEqual(parseDecision({ action: 'maybe' }), { action: 'allow' });
    assert.deepEqual(parseDecision({ action: 'deny', message: 'no' }), { action: 'deny', message: 'no' });
    assert.deepEqual(parseDecision({ modified_input: { q: 1 }, modified_output: 'x' }), { action: 'allow', modifiedInput: { q: 1 }, modifiedOutput: 'x' });
    assert.deepEqual(parseDecision({ modified_input: ['not', 'an', 'object'] }), { action: 'allow' });
  });
});
