// Parser of the `select` parameter: columns, aliases, casts, JSON paths, aggregates, `count()`,
// embeds `alias:rel!hint!inner(...)` and spreads `...rel(...)`. `sum(col)` is an embed named `sum`.
import { runParser, type Cursor } from './cursor.ts';
import { parseField, parseFieldName, parseIdentifier } from './identifiers.ts';
import type { AggregateFunction, JoinType, SelectItem } from './types.ts';

const AGGREGATES: readonly AggregateFunction[] = ['sum', 'avg', 'count', 'max', 'min'];

export function parseSelect(value: string): SelectItem[] {
  return runParser('select parameter', value, value, (c) => {
    const items = parseForest(c);
    c.skipWs();
    return items;
  });
}

function parseForest(c: Cursor): SelectItem[] {
  c.skipWs();
  if (c.eof || c.peek() === ')') return [];
  const items = [parseItem(c)];
  for (;;) {
    c.skipWs();
    if (!c.eat(',')) return items;
    items.push(parseItem(c));
  }
}

function parseItem(c: Cursor): SelectItem {
  c.skipWs();
  if (c.startsWith('...')) return parseSpread(c);
  const head = c.attempt(() => parseEmbedHead(c));
  if (!head) return parseFieldItem(c);
  // Committed: `name!` or `name(` can only be an embed.
  const params = parseEmbedParams(c);
  c.skipWs();
  if (c.peek() !== '(') c.fail('"("');
  return { type: 'embed', ...head, ...params, select: parseChildren(c) };
}

function parseChildren(c: Cursor): SelectItem[] {
  c.expect('(');
  const items = parseForest(c);
  c.skipWs();
  c.expect(')', '")"');
  return items;
}

function parseSpread(c: Cursor): SelectItem {
  c.expect('...');
  const relation = parseFieldName(c);
  const params = parseEmbedParams(c);
  c.skipWs();
  if (c.peek() !== '(') c.fail('"("');
  return { type: 'spread', relation, ...params, select: parseChildren(c) };
}

/** `[alias:]relation` followed by `!` or `(`. */
function parseEmbedHead(c: Cursor): { relation: string; alias?: string } {
  const alias = parseAlias(c);
  const start = c.pos;
  const relation = parseFieldName(c);
  // `count(` is never a relation: `count()` is the row-count aggregate.
  if (relation === 'count') {
    c.pos = start;
    c.fail('relation name');
  }
  c.skipWs();
  if (c.peek() !== '(' && c.peek() !== '!') c.fail('"("', '"!"');
  return alias === undefined ? { relation } : { relation, alias };
}

/** `!hint` and `!inner`/`!left`, at most one of each, in any order. */
function parseEmbedParams(c: Cursor): { hint?: string; joinType?: JoinType } {
  const out: { hint?: string; joinType?: JoinType } = {};
  while (c.peek() === '!') {
    c.pos++;
    const quoted = c.peek() === '"';
    const start = c.pos;
    const word = parseFieldName(c);
    if (!quoted && (word === 'inner' || word === 'left')) {
      if (out.joinType) { c.pos = start; c.fail('hint'); }
      out.joinType = word;
    } else {
      if (out.hint !== undefined) { c.pos = start; c.fail('"inner"', '"left"'); }
      out.hint = word;
    }
  }
  return out;
}

/** `alias:` (a name followed by a single colon). */
function parseAlias(c: Cursor): string | undefined {
  return c.attempt(() => {
    const name = parseFieldName(c);
    if (c.peek() !== ':' || c.peek(1) === ':') c.fail('":"');
    c.pos++;
    return name;
  });
}

function parseCast(c: Cursor): string | undefined {
  if (!c.startsWith('::')) return undefined;
  c.pos += 2;
  return parseIdentifier(c);
}

function expectItemEnd(c: Cursor): void {
  c.skipWs();
  if (!c.eof && c.peek() !== ',' && c.peek() !== ')') c.fail('","', '")"', 'end of input');
}

function parseFieldItem(c: Cursor): SelectItem {
  if (c.peek() === '*') {
    c.pos++;
    expectItemEnd(c);
    return { type: 'star' };
  }
  const alias = parseAlias(c);
  const withAlias = alias !== undefined ? { alias } : {};
  if (c.eat('count()')) {
    const cast = parseCast(c);
    expectItemEnd(c);
    return { type: 'count', ...withAlias, ...(cast !== undefined && { cast }) };
  }
  const field = parseField(c);
  const cast = parseCast(c);
  const aggregate = c.attempt(() => {
    c.expect('.');
    const fn = AGGREGATES.find((a) => c.startsWith(`${a}()`));
    if (!fn) c.fail('aggregate function (sum, avg, count, max, min)');
    c.pos += fn.length + 2;
    return fn;
  });
  const aggregateCast = aggregate !== undefined ? parseCast(c) : undefined;
  expectItemEnd(c);
  return {
    type: 'field', field, ...withAlias,
    ...(cast !== undefined && { cast }),
    ...(aggregate !== undefined && { aggregate }),
    ...(aggregateCast !== undefined && { aggregateCast }),
  };
}
