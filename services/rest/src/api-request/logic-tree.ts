// Parser of boolean trees: keys `[path.][not.](and|or)` with values `(f1,f2,and(f3,not.or(f4,f5)))`.
// Inside a tree a filter value ends at `,` or `)` unless it is `"quoted"` or a `{pg,array}`.
import { runParser, type Cursor } from './cursor.ts';
import { logicValue, parseOpExpr } from './filter.ts';
import { parseField, parseFieldName } from './identifiers.ts';
import type { EmbedPath, LogicTree } from './types.ts';

/** Splits a logic key: `actors.not.or` → path `[actors]`, `not.or`. */
export function parseLogicKey(key: string): { path: EmbedPath; op: string } {
  return runParser('logic path', key, key, (c) => {
    const names = [parseFieldName(c)];
    while (c.eat('.')) names.push(parseFieldName(c));
    const last = names[names.length - 1]!;
    const path = names.slice(0, -1).filter((n) => n !== 'not');
    return { path, op: names.includes('not') ? `not.${last}` : last };
  });
}

export function parseLogicParam(key: string, value: string): { path: EmbedPath; tree: LogicTree } {
  const { path, op } = parseLogicKey(key);
  const tree = runParser('logic tree', value, op + value, (c) => {
    const t = parseTree(c);
    if (t.type !== 'expr') c.fail('logic operator (and, or)');
    return t;
  });
  return { path, tree };
}

function parseTree(c: Cursor): LogicTree {
  const filter = c.attempt((): LogicTree => {
    const field = parseField(c);
    c.expect('.', 'delimiter (.)');
    const { negated, operation } = parseOpExpr(c, logicValue);
    return { type: 'filter', filter: { field, negated, operation } };
  });
  if (filter) return filter;
  c.skipWs();
  const negated = c.eat('not.');
  const operator = c.eat('and') ? 'and' : c.eat('or') ? 'or' : c.fail('logic operator (and, or)');
  c.skipWs();
  c.expect('(');
  const children = [parseTree(c)];
  for (;;) {
    c.skipWs();
    if (!c.eat(',')) break;
    children.push(parseTree(c));
  }
  c.expect(')', '")"');
  c.skipWs();
  return { type: 'expr', negated, operator, children };
}
