// Parser of `order` values: `col[->json][.asc|.desc][.nullsfirst|.nullslast]` and related-order
// terms `rel(col).desc`, comma-separated.
import { runParser, type Cursor } from './cursor.ts';
import { parseField, parseFieldName } from './identifiers.ts';
import type { OrderTerm } from './types.ts';

export function parseOrder(value: string): OrderTerm[] {
  return runParser('order', value, value, (c) => {
    const terms = [parseTerm(c)];
    while (c.eat(',')) terms.push(parseTerm(c));
    return terms;
  });
}

function parseTerm(c: Cursor): OrderTerm {
  c.skipWs();
  const related = c.attempt(() => {
    const relation = parseFieldName(c);
    c.expect('(');
    const field = parseField(c);
    c.expect(')', '")"');
    return { relation, field };
  });
  const head = related ?? { field: parseField(c) };
  const direction = c.attempt(() => {
    c.expect('.', 'delimiter (.)');
    return c.eat('asc') ? 'asc' as const : c.eat('desc') ? 'desc' as const : c.fail('"asc"', '"desc"', '"nullsfirst"', '"nullslast"');
  });
  const nulls = c.attempt(() => {
    c.expect('.', 'delimiter (.)');
    return c.eat('nullsfirst') ? 'first' as const : c.eat('nullslast') ? 'last' as const : c.fail('"nullsfirst"', '"nullslast"');
  });
  c.skipWs();
  if (!c.eof && c.peek() !== ',') c.fail('delimiter (.)', '","', 'end of input');
  return { ...head, ...(direction && { direction }), ...(nulls && { nulls }) };
}
