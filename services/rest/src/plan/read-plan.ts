// Read plans: the `select` tree resolved against the schema cache (columns, embeds through relationships),
// then filters, logic trees, orders and ranges attached to the level their embed path names.
import type { ApiRequest, EmbedPath, Filter, LogicTree, OrderTerm as ReqOrderTerm, SelectItem } from '../api-request/types.ts';
import { restError } from '../errors.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { columnRef, columnType, fieldKey, type ColumnSet } from './columns.ts';
import { findRelationship, isToOne } from './relations.ts';
import type { Condition, EmbedNode, OrderTerm, ReadNode, ReadSource, SelectField } from './types.ts';

export interface ReadContext {
  cache: SchemaCache;
  schema: string;
  legacyTargetNames: boolean;
}

/** Resolves a `select` tree for rows of `rel` read from `source`. */
export function buildReadNode(ctx: ReadContext, rel: ColumnSet & { schema: string }, source: ReadSource, items: readonly SelectItem[]): ReadNode {
  // Computed fields apply to rows of the relation itself (not to function results, which are records).
  const computed = rel.computed ?? (source.kind === 'relation' || source.name === 'pgrst_mut'
    ? ctx.cache.computedFields.get(`${rel.schema}.${rel.name}`) ?? [] : []);
  const node: ReadNode = {
    source, schema: rel.schema, name: rel.name, columns: rel.columns, computed,
    fields: [], embeds: [], conditions: [], order: [], range: { offset: 0 }, grouped: false,
  };
  for (const item of items) {
    switch (item.type) {
      case 'star':
        for (const c of rel.columns) node.fields.push({ kind: 'column', ref: { column: c.name, jsonPath: [], toJson: false }, outName: c.name });
        break;
      case 'count':
        node.fields.push({ kind: 'count', outName: item.alias ?? 'count', ...(item.cast !== undefined && { cast: item.cast }) });
        node.grouped = true;
        break;
      case 'field': {
        // Legacy `count` without parentheses (when no column has that name) is count().
        if (item.field.name === 'count' && !item.field.jsonPath.length && !item.aggregate && !rel.columns.some((c) => c.name === 'count')
          && !computed.some((c) => c.name === 'count')) {
          node.fields.push({ kind: 'count', outName: item.alias ?? 'count', ...(item.cast !== undefined && { cast: item.cast }) });
          node.grouped = true;
          break;
        }
        const f: SelectField = { kind: 'column', ref: columnRef(node, item.field), outName: item.aggregate && item.alias === undefined ? item.aggregate : fieldKey(item.field, item.alias) };
        if (item.cast !== undefined) f.cast = item.cast;
        if (item.aggregate) { f.aggregate = item.aggregate; node.grouped = true; }
        if (item.aggregateCast !== undefined) f.aggregateCast = item.aggregateCast;
        node.fields.push(f);
        break;
      }
      case 'embed': case 'spread':
        node.embeds.push(buildEmbed(ctx, node, item));
        break;
    }
  }
  return node;
}

function buildEmbed(ctx: ReadContext, parent: ReadNode, item: Extract<SelectItem, { type: 'embed' | 'spread' }>): EmbedNode {
  const rel = findRelationship(ctx.cache, ctx.schema, parent.name, item.relation, item.hint);
  const target = ctx.cache.tables.get(`${rel.target.schema}.${rel.target.name}`)!;
  const child = buildReadNode(ctx, target, { kind: 'relation', schema: target.schema, name: target.name }, item.select);
  return {
    ...child, rel,
    outName: item.type === 'embed' ? item.alias ?? item.relation : item.relation,
    toOne: isToOne(rel),
    inner: item.joinType === 'inner',
    spread: item.type === 'spread',
    empty: item.select.length === 0,
  };
}

const relationName = (e: EmbedNode, item?: string) => item ?? e.outName;

/** The embed of `node` that `name` designates (alias/name, or the target name when legacy names are on). */
function findEmbed(ctx: ReadContext, node: ReadNode, name: string): EmbedNode | undefined {
  return node.embeds.find((e) => e.outName === name)
    ?? (ctx.legacyTargetNames ? node.embeds.find((e) => e.rel.target.name === name || relationName(e) === name) : undefined);
}

function nodeAt(ctx: ReadContext, root: ReadNode, path: EmbedPath): ReadNode {
  let node = root;
  for (const name of path) {
    const next = findEmbed(ctx, node, name);
    if (!next) throw restError('PGRST108', { resource: name });
    node = next;
  }
  return node;
}

function filterCondition(ctx: ReadContext, node: ReadNode, f: Filter): Condition {
  const embed = f.field.jsonPath.length === 0 && !node.columns.some((c) => c.name === f.field.name) && !node.computed.some((c) => c.name === f.field.name)
    ? findEmbed(ctx, node, f.field.name) : undefined;
  if (embed) {
    const op = f.operation;
    if (op.operator !== 'is' || (op.value !== 'null' && op.value !== 'not_null')) {
      throw restError('PGRST120', { target: f.field.name });
    }
    return { kind: 'embed-null', embed, isNull: (op.value === 'null') !== f.negated };
  }
  const ref = columnRef(node, f.field);
  return { kind: 'filter', ref, negated: f.negated, operation: f.operation, columnType: columnType(node, ref.column) };
}

const MAX_TREE_DEPTH = 100;

/** Children of an and/or node, with nested nodes of the same operator (and no `not`) merged into it. */
function flatten(t: Extract<LogicTree, { type: 'expr' }>): LogicTree[] {
  const out: LogicTree[] = [];
  const stack = [...t.children].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (c.type === 'expr' && !c.negated && (c.operator === t.operator || c.children.length === 1)) stack.push(...[...c.children].reverse());
    else out.push(c);
  }
  return out;
}

function treeCondition(ctx: ReadContext, node: ReadNode, t: LogicTree, depth = 0): Condition {
  if (t.type === 'filter') return filterCondition(ctx, node, t.filter);
  if (depth > MAX_TREE_DEPTH) {
    throw restError('PGRST100', { message: '"failed to parse logic tree" (nesting too deep)' },
      { details: `and/or trees may nest at most ${MAX_TREE_DEPTH} levels` });
  }
  return { kind: 'tree', negated: t.negated, operator: t.operator, children: flatten(t).map((c) => treeCondition(ctx, node, c, depth + 1)) };
}

function orderTerm(ctx: ReadContext, node: ReadNode, t: ReqOrderTerm): OrderTerm {
  const base = { ...(t.direction && { direction: t.direction }), ...(t.nulls && { nulls: t.nulls }) };
  if (t.relation === undefined) return { ref: columnRef(node, t.field), ...base };
  const embed = findEmbed(ctx, node, t.relation);
  if (!embed) throw restError('PGRST108', { resource: t.relation });
  if (!embed.toOne) {
    throw restError('PGRST118', { origin: node.name, target: t.relation });
  }
  return { ref: columnRef(embed, t.field), embed, ...base };
}

/** Attaches the request's filters, logic trees, orders and embed ranges to the tree rooted at `root`. */
export function attachRequestParts(ctx: ReadContext, root: ReadNode, req: ApiRequest, opts: { filters: boolean } = { filters: true }): void {
  for (const { path, range } of req.embedRanges) nodeAt(ctx, root, path).range = range;
  for (const { path, terms } of req.order) {
    const node = nodeAt(ctx, root, path);
    node.order = terms.map((t) => orderTerm(ctx, node, t));
  }
  for (const { path, filter } of req.filters) {
    if (!opts.filters && path.length === 0) continue;
    const node = nodeAt(ctx, root, path);
    node.conditions.push(filterCondition(ctx, node, filter));
  }
  for (const { path, tree } of req.logic) {
    if (!opts.filters && path.length === 0) continue;
    const node = nodeAt(ctx, root, path);
    node.conditions.push(treeCondition(ctx, node, tree));
  }
}

/** Top-level conditions of a request (PATCH / DELETE / PUT filter the mutated table). */
export function topConditions(ctx: ReadContext, node: ReadNode, req: ApiRequest): Condition[] {
  const out: Condition[] = [];
  for (const { path, filter } of req.filters) if (path.length === 0) out.push(filterCondition(ctx, node, filter));
  for (const { path, tree } of req.logic) if (path.length === 0) out.push(treeCondition(ctx, node, tree));
  return out;
}

export function topOrder(ctx: ReadContext, node: ReadNode, req: ApiRequest): OrderTerm[] {
  return req.order.filter((o) => o.path.length === 0).flatMap((o) => o.terms.map((t) => orderTerm(ctx, node, t)));
}
