// Classifies decoded query pairs like PostgREST: reserved `select`/`columns`/`on_conflict`, keys whose
// last dot-segment is `order|limit|offset|and|or`, and filters `<path>.<field>=<opexpr>`. On RPC
// GET/HEAD a value that is not an operator expression is a function argument instead.
import { isRestError } from '../errors.ts';
import { runParser } from './cursor.ts';
import { isCommittedFilter, parseFilterValue } from './filter.ts';
import { parseFieldName, parseJsonPath, parseNameList } from './identifiers.ts';
import { parseLogicParam } from './logic-tree.ts';
import { parseOrder } from './order.ts';
import type { QueryPair } from './query-string.ts';
import { parseSelect } from './select.ts';
import type { EmbedPath, Field, Filter, LogicTree, OrderTerm, SelectItem } from './types.ts';

export interface RangeParam { path: EmbedPath; limit?: number; offset?: number }

export interface QueryParams {
  select: SelectItem[];
  filters: { path: EmbedPath; filter: Filter }[];
  /** RPC GET/HEAD arguments, in order; repeated names are variadic. */
  rpcArgs: [string, string][];
  logic: { path: EmbedPath; tree: LogicTree }[];
  order: { path: EmbedPath; terms: OrderTerm[] }[];
  ranges: RangeParam[];
  columns: string[] | null;
  onConflict: string[] | null;
}

const RESERVED = new Set(['select', 'columns', 'on_conflict']);
const EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or']);

const lastSegment = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

/** `a.b.c->d` → path `[a, b]`, field `c->d`. */
export function parseTreePath(key: string): { path: EmbedPath; field: Field } {
  return runParser('tree path', key, key, (c) => {
    const names = [parseFieldName(c)];
    while (c.eat('.')) names.push(parseFieldName(c));
    const jsonPath = parseJsonPath(c);
    return { path: names.slice(0, -1), field: { name: names[names.length - 1]!, jsonPath } };
  });
}

function parseNames(what: string, value: string): string[] {
  return runParser(what, value, value, (c) => {
    c.skipWs();
    const names = parseNameList(c);
    c.skipWs();
    return names;
  });
}

/** Haskell `readMaybe` on an Integer: optional spaces, optional `-`, digits; anything else is ignored. */
function readInteger(value: string): number | undefined {
  if (!/^\s*-?\d+\s*$/.test(value)) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function lookup(pairs: readonly QueryPair[], key: string): string | null {
  const found = pairs.find(([k]) => k === key);
  return found ? found[1] : null;
}

export function parseQueryParams(pairs: readonly QueryPair[], opts: { rpcRead: boolean }): QueryParams {
  const valued = pairs.filter((p): p is [string, string] => p[1] !== null);
  const withLast = (names: string[]) => valued.filter(([k]) => names.includes(lastSegment(k)));

  const order = withLast(['order']).map(([k, v]) => ({ path: parseTreePath(k).path, terms: parseOrder(v) }));
  const logic = withLast(['and', 'or']).map(([k, v]) => parseLogicParam(k, v));
  const columnsRaw = lookup(pairs, 'columns');
  const columns = columnsRaw === null ? null : parseNames('columns parameter', columnsRaw);
  const select = parseSelect(lookup(pairs, 'select') ?? '*');

  const filters: QueryParams['filters'] = [];
  const rpcArgs: [string, string][] = [];
  for (const [k, v] of valued) {
    if (RESERVED.has(k) || EMBEDDABLE.has(lastSegment(k))) continue;
    const { path, field } = parseTreePath(k);
    if (opts.rpcRead && !isCommittedFilter(v)) {
      let parsed: ReturnType<typeof parseFilterValue> | undefined;
      try {
        parsed = parseFilterValue(v);
      } catch (e) {
        if (!isRestError(e)) throw e;
      }
      if (parsed) filters.push({ path, filter: { field, ...parsed } });
      else rpcArgs.push([field.name, v]);
      continue;
    }
    filters.push({ path, filter: { field, ...parseFilterValue(v) } });
  }

  const onConflictRaw = lookup(pairs, 'on_conflict');
  const onConflict = onConflictRaw === null ? null : parseNames('on_conflict parameter', onConflictRaw);
  return { select, filters, rpcArgs, logic, order, ranges: collectRanges(withLast(['limit', 'offset'])), columns, onConflict };
}

/** One entry per embed path; for repeated keys the last value wins. */
function collectRanges(pairs: [string, string][]): RangeParam[] {
  const byPath = new Map<string, RangeParam>();
  for (const [k, v] of pairs) {
    const path = parseTreePath(k).path;
    const id = JSON.stringify(path);
    const entry = byPath.get(id) ?? { path };
    const n = readInteger(v);
    if (lastSegment(k) === 'limit') {
      if (n === undefined) delete entry.limit; else entry.limit = n;
    } else if (n === undefined) delete entry.offset; else entry.offset = n;
    byPath.set(id, entry);
  }
  return [...byPath.values()];
}
