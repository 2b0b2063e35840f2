// Property-based round trips (~1 s): random select trees, filters and logic trees with arbitrary
// names and values are written out with quoting and escaping, and parse back to the same value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseFilterValue } from './filter.ts';
import { parseLogicParam } from './logic-tree.ts';
import { parseTreePath } from './query-params.ts';
import { parseSelect } from './select.ts';
import type { Field, Filter, JsonStep, LogicTree, Operation, SelectItem } from './types.ts';

/** Plain-prototype copy: fast-check records may have a null prototype. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const name = fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }).filter((s) => s !== 'count');
const cast = fc.stringMatching(/^[a-z_]([a-z0-9_ ]{0,6}[a-z0-9_])?$/);
const step: fc.Arbitrary<JsonStep> = fc.oneof(
  fc.record({ op: fc.constantFrom('->' as const, '->>' as const), key: fc.string({ maxLength: 5 }) }),
  fc.record({ op: fc.constantFrom('->' as const, '->>' as const), index: fc.integer({ min: -99, max: 99 }) }),
);
const field: fc.Arbitrary<Field> = fc.record({ name, jsonPath: fc.array(step, { maxLength: 3 }) });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const leafItem: fc.Arbitrary<SelectItem> = fc.oneof(
  fc.constant({ type: 'star' as const }),
  fc.record({ type: fc.constant('count' as const), alias: opt(name), cast: opt(cast) }).map(clean),
  fc.record({
    type: fc.constant('field' as const), field, alias: opt(name), cast: opt(cast),
    aggregate: opt(fc.constantFrom('sum' as const, 'avg' as const, 'max' as const, 'min' as const, 'count' as const)),
    aggregateCast: opt(cast),
  }).map((i) => clean(i.aggregate === undefined ? { ...i, aggregateCast: undefined } : i)),
);
const { tree: selectTree } = fc.letrec<{ tree: SelectItem[]; item: SelectItem }>((tie) => ({
  tree: fc.array(tie('item'), { maxLength: 4 }),
  item: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafItem,
    fc.record({
      type: fc.constant('embed' as const), relation: name, alias: opt(name), hint: opt(name),
      joinType: opt(fc.constantFrom('inner' as const, 'left' as const)), select: tie('tree'),
    }).map(clean),
    fc.record({
      type: fc.constant('spread' as const), relation: name, hint: opt(name),
      joinType: opt(fc.constantFrom('inner' as const, 'left' as const)), select: tie('tree'),
    }).map(clean)),
}));

const writePath = (p: JsonStep[]) => p.map((s) => s.op + ('key' in s ? quote(s.key) : String(s.index))).join('');
const writeField = (f: Field) => quote(f.name) + writePath(f.jsonPath);
const withCast = (c?: string) => (c === undefined ? '' : `::${c}`);
const withAlias = (a?: string) => (a === undefined ? '' : `${quote(a)}:`);

function writeSelect(items: SelectItem[]): string {
  return items.map((i) => {
    switch (i.type) {
      case 'star': return '*';
      case 'count': return `${withAlias(i.alias)}count()${withCast(i.cast)}`;
      case 'field': return withAlias(i.alias) + writeField(i.field) + withCast(i.cast)
        + (i.aggregate ? `.${i.aggregate}()${withCast(i.aggregateCast)}` : '');
      case 'embed': case 'spread': {
        const params = (i.hint !== undefined ? `!${quote(i.hint)}` : '') + (i.joinType ? `!${i.joinType}` : '');
        const head = i.type === 'spread' ? `...${quote(i.relation)}` : withAlias(i.alias) + quote(i.relation);
        return `${head}${params}(${writeSelect(i.select)})`;
      }
    }
  }).join(',');
}

const value = fc.string({ maxLength: 8, unit: 'grapheme' });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ operator: fc.constantFrom('eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch' as const), quantifier: opt(fc.constantFrom('any' as const, 'all' as const)), value }).map(clean),
  fc.record({ operator: fc.constantFrom('neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj' as const), value }),
  fc.record({ operator: fc.constantFrom('fts', 'plfts', 'phfts', 'wfts' as const), language: opt(cast), value }).map(clean),
  fc.record({ operator: fc.constant('isdistinct' as const), value }),
  fc.record({ operator: fc.constant('in' as const), values: fc.array(value, { maxLength: 4 }) }),
  fc.record({ operator: fc.constant('is' as const), value: fc.constantFrom('null', 'not_null', 'true', 'false', 'unknown' as const) }),
) as fc.Arbitrary<Operation>;

function writeOp(op: Operation, inTree: boolean): string {
  const v = (s: string) => (inTree ? quote(s) : s);
  switch (op.operator) {
    case 'in': return `in.(${op.values.map(quote).join(',')})`;
    case 'is': return `is.${op.value}`;
    case 'fts': case 'plfts': case 'phfts': case 'wfts':
      return `${op.operator}${op.language !== undefined ? `(${op.language})` : ''}.${v(op.value)}`;
    default: return `${op.operator}${'quantifier' in op && op.quantifier ? `(${op.quantifier})` : ''}.${v(op.value)}`;
  }
}
const filter: fc.Arbitrary<Filter> = fc.record({ field, negated: fc.boolean(), operation });
const writeFilter = (f: Filter, inTree: boolean) => (f.negated ? 'not.' : '') + writeOp(f.operation, inTree);

const { tree: logicTree } = fc.letrec<{ tree: LogicTree; node: LogicTree }>((tie) => ({
  tree: fc.record({
    type: fc.constant('expr' as const), negated: fc.boolean(), operator: fc.constantFrom('and' as const, 'or' as const),
    children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
  }),
  node: fc.oneof({ depthSize: 'small' }, filter.map((f): LogicTree => ({ type: 'filter', filter: f })), tie('tree')),
}));
function writeTree(t: LogicTree): string {
  if (t.type === 'filter') return `${writeField(t.filter.field)}.${writeFilter(t.filter, true)}`;
  return `${t.negated ? 'not.' : ''}${t.operator}(${t.children.map(writeTree).join(',')})`;
}

const budget = { numRuns: 100_000, plugins: [fc.interruptAfterTimeLimit(350)] };

test('select trees round-trip through their written form', () => {
  fc.assert(fc.property(selectTree, (items) => assert.deepStrictEqual(parseSelect(writeSelect(items)), plain(items))), budget);
});

test('filters round-trip (key and value)', () => {
  fc.assert(fc.property(fc.array(name, { maxLength: 2 }), filter, (path, f) => {
    const key = [...path.map(quote), writeField(f.field)].join('.');
    assert.deepStrictEqual(parseTreePath(key), plain({ path, field: f.field }));
    assert.deepStrictEqual(parseFilterValue(writeFilter(f, false)), plain({ negated: f.negated, operation: f.operation }));
  }), budget);
});

test('logic trees round-trip', () => {
  fc.assert(fc.property(logicTree, (t) => {
    if (t.type !== 'expr') return;
    const key = t.negated ? `not.${t.operator}` : t.operator;
    const body = writeTree(t).slice(key.length);
    assert.deepStrictEqual(parseLogicParam(key, body), plain({ path: [], tree: t }));
  }), budget);
});
