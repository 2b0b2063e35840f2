// Parser of a filter's value side (`[not.]op[(any|all)|(lang)].value`, `in.(a,"b,c")`, `is.null`).
// The value parser differs between a top-level param (rest of the string) and a logic tree (up to , or )).
import { Cursor, runParser } from './cursor.ts';
import { parseIdentifier, parseQuoted } from './identifiers.ts';
import type { FtsOperator, IsValue, Operation, QuantOperator, SimpleOperator } from './types.ts';

const QUANT_OPS: readonly QuantOperator[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch'];
const SIMPLE_OPS: readonly SimpleOperator[] = ['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'];
const FTS_OPS: readonly FtsOperator[] = ['fts', 'plfts', 'phfts', 'wfts'];
const IS_VALUES: readonly IsValue[] = ['null', 'not_null', 'true', 'false', 'unknown'];
const OPERATOR_LABEL = 'operator (eq, gt, ...)';

export type ValueParser = (c: Cursor) => string;

/** Top-level filter values: everything after the operator. */
export const restOfInput: ValueParser = (c) => {
  const v = c.rest();
  c.pos = c.src.length;
  return v;
};

/** A value inside `or=(...)`: `"quoted"`, `{pg,array}` or a run of characters other than `,` and `)`. */
export const logicValue: ValueParser = (c) => {
  const quoted = c.attempt(() => {
    const v = parseQuoted(c);
    if (!c.eof && c.peek() !== ',' && c.peek() !== ')') c.fail('","', '")"');
    return v;
  });
  if (quoted !== undefined) return quoted;
  const array = c.attempt(() => {
    c.expect('{');
    const inner = c.takeWhile(/[^{}]/);
    c.expect('}');
    return `{${inner}}`;
  });
  return array ?? c.takeWhile(/[^,)]/);
};

export function parseOpExpr(c: Cursor, value: ValueParser): { negated: boolean; operation: Operation } {
  const negated = c.eat('not.');
  return { negated, operation: parseOperation(c, value, negated) };
}

function parseOperation(c: Cursor, value: ValueParser, negated: boolean): Operation {
  const start = c.pos;
  const word = c.takeWhile(/[a-z]/);
  if (word === 'in' && c.eat('.')) return { operator: 'in', values: parseList(c) };
  if (word === 'is' && c.eat('.')) return { operator: 'is', value: parseIsValue(c) };
  if (word === 'isdistinct' && c.eat('.')) return { operator: 'isdistinct', value: value(c) };
  if ((FTS_OPS as readonly string[]).includes(word)) {
    const language = c.peek() === '(' ? parseParenthesised(c, () => parseIdentifier(c)) : undefined;
    if (c.eat('.')) return { operator: word as FtsOperator, ...(language !== undefined && { language }), value: value(c) };
  }
  if ((SIMPLE_OPS as readonly string[]).includes(word) && c.eat('.')) {
    return { operator: word as SimpleOperator, value: value(c) };
  }
  if ((QUANT_OPS as readonly string[]).includes(word)) {
    const quantifier = c.peek() === '(' ? parseParenthesised(c, () => parseQuantifier(c)) : undefined;
    if (c.eat('.')) return { operator: word as QuantOperator, ...(quantifier !== undefined && { quantifier }), value: value(c) };
  }
  c.pos = start;
  return negated ? c.fail(OPERATOR_LABEL) : c.fail('"not"', OPERATOR_LABEL);
}

function parseParenthesised<T>(c: Cursor, inner: () => T): T {
  c.expect('(');
  const v = inner();
  c.expect(')');
  return v;
}

function parseQuantifier(c: Cursor): 'any' | 'all' {
  if (c.eat('any')) return 'any';
  if (c.eat('all')) return 'all';
  return c.fail('"any"', '"all"');
}

function parseIsValue(c: Cursor): IsValue {
  const word = c.takeWhile(/[A-Za-z_]/).toLowerCase();
  if ((IS_VALUES as readonly string[]).includes(word)) return word as IsValue;
  c.pos -= word.length;
  return c.fail('isVal: (null, not_null, true, false, unknown)');
}

/** `(a, "b,c", d)`: quoted items unescaped, bare items kept verbatim; `()` is the empty list. */
function parseList(c: Cursor): string[] {
  c.skipWs();
  c.expect('(');
  c.skipWs();
  const items = [parseListItem(c)];
  while (c.eat(',')) items.push(parseListItem(c));
  c.expect(')', '")"');
  c.skipWs();
  return items.length === 1 && items[0] === null ? [] : items.map((i) => i ?? '');
}

/** null marks an empty bare item (so `in.()` is the empty list while `in.("")` is one empty string). */
function parseListItem(c: Cursor): string | null {
  const quoted = c.attempt(() => {
    const v = parseQuoted(c);
    if (c.peek() !== ',' && c.peek() !== ')') c.fail('","', '")"');
    return v;
  });
  if (quoted !== undefined) return quoted;
  const bare = c.takeWhile(/[^,)]/);
  return bare === '' ? null : bare;
}

/** A whole top-level filter value (`eq.1`, `not.in.(1,2)`). */
export function parseFilterValue(value: string) {
  return runParser('filter', value, value, (c) => parseOpExpr(c, restOfInput));
}

/** Whether a value that fails to parse was meant as a filter (PostgREST commits after these prefixes). */
export function isCommittedFilter(value: string): boolean {
  return /^(not\.|in\.|is\.|isdistinct\.)/.test(value);
}
