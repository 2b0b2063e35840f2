// The only doors into SQL text: identifiers are always double-quoted (quotes doubled, NUL refused), cast
// types are known keywords or quoted identifiers, and values are numbered parameters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRestError } from '../errors.ts';
import { castType, ident, Params, pgArrayLiteral, qualified } from './sql.ts';

test('identifiers are quoted with embedded quotes doubled', () => {
  assert.equal(ident('films'), '"films"');
  assert.equal(ident('say "hi"'), '"say ""hi"""');
  assert.equal(ident('a"; drop table films; --'), '"a""; drop table films; --"');
  assert.equal(qualified('public', 'Order Items'), '"public"."Order Items"');
});

test('identifiers with NUL are refused (PGRST100)', () => {
  assert.throws(() => ident('a\0b'), (e) => isRestError(e) && e.code === 'PGRST100');
});

test('cast types: keywords pass, everything else is a quoted identifier', () => {
  assert.equal(castType('text'), 'text');
  assert.equal(castType('Timestamp  With Time Zone'), 'timestamp with time zone');
  assert.equal(castType('double precision'), 'double precision');
  assert.equal(castType('mood'), '"mood"');
  assert.equal(castType('int from pg_authid where true'), '"int from pg_authid where true"');
  assert.equal(castType('text $$ union select 1 $$'), '"text $$ union select 1 $$"');
});

test('parameters are numbered; typed equal values share one', () => {
  const p = new Params();
  assert.equal(p.add('a'), '$1');
  assert.equal(p.add('a'), '$2');
  assert.equal(p.add('k', 'text'), '$3::text');
  assert.equal(p.add('k', 'text'), '$3::text');
  assert.equal(p.add('k', 'integer'), '$4::integer');
  assert.deepEqual(p.values, ['a', 'a', 'k', 'k']);
});

test('array literals quote and escape every item', () => {
  assert.equal(pgArrayLiteral([]), '{}');
  assert.equal(pgArrayLiteral(['a', 'b,c', 'd"e', 'f\\g', '']), '{"a","b,c","d\\"e","f\\\\g",""}');
});
