// A read node as one SELECT: its columns, its embeds as LATERAL subqueries (JSON bodies built by
// Postgres: row_to_json for to-one, json_agg for to-many; spreads lift columns), its filters, grouping,
// order and range. Embeds filtered with `!inner` or `rel=not.is.null` drop parent rows; a count query uses
// EXISTS instead of joins.
import type { EmbedNode, OrderTerm, ReadNode } from '../plan/types.ts';
import type { Relationship } from '../schema-cache/types.ts';
import { columnExpr, conditionSql, type ConditionContext } from './conditions.ts';
import { castType, ident, qualified, type Params } from './sql.ts';

export class QueryContext {
  private n = 0;
  constructor(readonly params: Params) {}
  alias(): string { return `pgrst_${++this.n}`; }
}

export interface Output {
  /** JSON key. */
  name: string;
  expr: string;
  aggregate: boolean;
}

export interface NodeSql {
  sql: string;
  /** Display names of the selected columns, in order (positional queries name them pgrst_c1…). */
  outputs: string[];
}

const q = ident;

function fromClause(node: ReadNode, alias: string, junction: string | null, parent?: string): string {
  const rel = (node as Partial<EmbedNode>).rel;
  if (rel?.computed && parent) {
    // A computed relationship: the function of the parent row (cast, as the parent may be a CTE's record).
    return `${qualified(rel.computed.schema, rel.computed.name)}(${q(parent)}::${qualified(rel.origin.schema, rel.origin.name)}) AS ${q(alias)}`;
  }
  const src = node.source.kind === 'relation' ? qualified(node.source.schema, node.source.name) : q(node.source.name);
  let sql = `${src} AS ${q(alias)}`;
  if (rel?.junction && junction) sql += `, ${qualified(rel.junction.table.schema, rel.junction.table.name)} AS ${q(junction)}`;
  return sql;
}

function joinConditions(rel: Relationship, parent: string, child: string, junction: string | null): string[] {
  if (rel.computed) return [];
  if (rel.junction && junction) {
    const j = rel.junction;
    return [
      ...j.sourceColumns.map((c, i) => `${q(junction)}.${q(c)} = ${q(parent)}.${q(rel.originColumns[i]!)}`),
      ...j.targetColumns.map((c, i) => `${q(junction)}.${q(c)} = ${q(child)}.${q(rel.targetColumns[i]!)}`),
    ];
  }
  return rel.targetColumns.map((c, i) => `${q(child)}.${q(c)} = ${q(parent)}.${q(rel.originColumns[i]!)}`);
}

function rangeSql(node: ReadNode, params: Params): string {
  let sql = '';
  if (node.range.limit !== undefined) sql += ` LIMIT ${params.add(String(node.range.limit), 'bigint')}`;
  if (node.range.offset > 0) sql += ` OFFSET ${params.add(String(node.range.offset), 'bigint')}`;
  return sql;
}

/** `EXISTS (…)` for an embed's matching rows, seen from `parent` (count queries, related orders, EXISTS filters). */
export function existsSql(embed: EmbedNode, parent: string, ctx: QueryContext): string {
  const alias = ctx.alias();
  const junction = embed.rel.junction ? ctx.alias() : null;
  const where = [...joinConditions(embed.rel, parent, alias, junction), ...whereForCount(embed, alias, ctx)];
  return `EXISTS (SELECT 1 FROM ${fromClause(embed, alias, junction, parent)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${rangeSql(embed, ctx.params)})`;
}

/** Conditions of a node where embeds are tested with EXISTS (no laterals). */
export function whereForCount(node: ReadNode, alias: string, ctx: QueryContext): string[] {
  const cctx: ConditionContext = { params: ctx.params, embedExists: (e) => existsSql(e, alias, ctx) };
  return [
    ...node.conditions.map((c) => conditionSql(alias, c, cctx)),
    ...node.embeds.filter((e) => e.inner).map((e) => existsSql(e, alias, ctx)),
  ];
}

function orderExpr(t: OrderTerm, alias: string, ctx: QueryContext): string {
  if (!t.embed) return columnExpr(alias, t.ref, ctx.params);
  const e = t.embed;
  const o = ctx.alias();
  const junction = e.rel.junction ? ctx.alias() : null;
  const where = [...joinConditions(e.rel, alias, o, junction), ...whereForCount(e, o, ctx)];
  return `(SELECT ${columnExpr(o, t.ref, ctx.params)} FROM ${fromClause(e, o, junction, alias)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} LIMIT 1)`;
}

export function orderSql(terms: readonly OrderTerm[], alias: string, ctx: QueryContext): string {
  if (!terms.length) return '';
  return ` ORDER BY ${terms.map((t) => {
    let s = orderExpr(t, alias, ctx);
    if (t.direction) s += t.direction === 'asc' ? ' ASC' : ' DESC';
    if (t.nulls) s += t.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  }).join(', ')}`;
}

interface Lateral { join: string; outputs: Output[]; exists: string }

function lateral(embed: EmbedNode, parent: string, grouped: boolean, ctx: QueryContext): Lateral {
  const la = ctx.alias();
  const s = ctx.alias();
  const kind = embed.inner ? 'INNER JOIN LATERAL' : 'LEFT JOIN LATERAL';
  const asJson = (e: string) => (grouped ? `(${e})::jsonb` : e);
  if (!embed.spread) {
    const inner = nodeSql(embed, ctx, { positional: false, parent });
    const body = `${q(la)}.${q('body')}`;
    const agg = embed.toOne ? `row_to_json(${q(s)})` : `json_agg(${q(s)})`;
    const on = embed.inner && !embed.toOne ? `${body} IS NOT NULL` : 'TRUE';
    return {
      join: ` ${kind} (SELECT ${agg} AS ${q('body')} FROM (${inner.sql}) AS ${q(s)}) AS ${q(la)} ON ${on}`,
      outputs: embed.empty ? [] : [{ name: embed.outName, expr: asJson(embed.toOne ? body : `coalesce(${body}, '[]')`), aggregate: false }],
      exists: `${body} IS NOT NULL`,
    };
  }
  const inner = nodeSql(embed, ctx, { positional: true, parent, marker: embed.toOne });
  const cols = inner.outputs.map((name, i) => ({ name, col: `${q(la)}.${q(`pgrst_c${i + 1}`)}` }));
  if (embed.toOne) {
    return {
      join: ` ${kind} (${inner.sql}) AS ${q(la)} ON TRUE`,
      outputs: cols.map((c) => ({ name: c.name, expr: grouped ? c.col : c.col, aggregate: false })),
      exists: `${q(la)}.${q('pgrst_x')} IS NOT NULL`,
    };
  }
  const aggs = inner.outputs.map((_, i) => `json_agg(${q(s)}.${q(`pgrst_c${i + 1}`)}) AS ${q(`pgrst_c${i + 1}`)}`);
  const n = `${q(la)}.${q('pgrst_n')}`;
  return {
    join: ` ${kind} (SELECT ${['count(*) AS "pgrst_n"', ...aggs].join(', ')} FROM (${inner.sql}) AS ${q(s)}) AS ${q(la)} ON ${embed.inner ? `${n} > 0` : 'TRUE'}`,
    outputs: cols.map((c) => ({ name: c.name, expr: asJson(`coalesce(${c.col}, '[]')`), aggregate: false })),
    exists: `${n} > 0`,
  };
}

function fieldOutputs(node: ReadNode, alias: string, ctx: QueryContext): Output[] {
  return node.fields.map((f): Output => {
    if (f.kind === 'count') {
      return { name: f.outName, expr: `count(*)${f.cast !== undefined ? `::${castType(f.cast)}` : ''}`, aggregate: true };
    }
    let expr = columnExpr(alias, f.ref, ctx.params);
    if (f.cast !== undefined) expr = `${expr}::${castType(f.cast)}`;
    if (f.aggregate) {
      expr = `${f.aggregate}(${expr})`;
      if (f.aggregateCast !== undefined) expr = `${expr}::${castType(f.aggregateCast)}`;
    }
    return { name: f.outName, expr, aggregate: f.aggregate !== undefined };
  });
}

export interface NodeOptions {
  /** Name columns pgrst_c1… instead of by their keys (spreads lift them by position). */
  positional: boolean;
  /** Alias of the parent level (embeds join on it). */
  parent?: string;
  /** Add `TRUE AS pgrst_x` so a LEFT JOIN tells "no row" apart from "a row of nulls". */
  marker?: boolean;
  /** Skip LIMIT/OFFSET (the caller applies them). */
  noRange?: boolean;
}

/** The SELECT of one level of the read tree. */
export function nodeSql(node: ReadNode, ctx: QueryContext, opts: NodeOptions): NodeSql {
  const alias = ctx.alias();
  const embed = node as Partial<EmbedNode>;
  const junction = embed.rel?.junction ? ctx.alias() : null;
  const outputs = fieldOutputs(node, alias, ctx);
  const laterals = new Map<EmbedNode, Lateral>();
  for (const e of node.embeds) {
    const l = lateral(e, alias, node.grouped, ctx);
    laterals.set(e, l);
    outputs.push(...l.outputs);
  }
  const cctx: ConditionContext = { params: ctx.params, embedExists: (e) => laterals.get(e)?.exists ?? existsSql(e, alias, ctx) };
  const where = [
    ...(embed.rel && opts.parent ? joinConditions(embed.rel, opts.parent, alias, junction) : []),
    ...node.conditions.map((c) => conditionSql(alias, c, cctx)),
  ];
  const select = outputs.map((o, i) => `${o.expr} AS ${q(opts.positional ? `pgrst_c${i + 1}` : o.name)}`);
  if (opts.marker) select.push(`TRUE AS ${q('pgrst_x')}`);
  let sql = `SELECT ${select.join(', ')} FROM ${fromClause(node, alias, junction, opts.parent)}`;
  for (const l of laterals.values()) sql += l.join;
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  const groupBy = outputs.filter((o) => !o.aggregate).map((o) => o.expr);
  if (node.grouped && groupBy.length) sql += ` GROUP BY ${groupBy.join(', ')}`;
  sql += orderSql(node.order, alias, ctx);
  if (!opts.noRange) sql += rangeSql(node, ctx.params);
  return { sql, outputs: outputs.map((o) => o.name) };
}

/** `SELECT 1 FROM … WHERE …` of the top level without range: what an exact count counts. */
export function countSourceSql(node: ReadNode, ctx: QueryContext): string {
  const alias = ctx.alias();
  const where = whereForCount(node, alias, ctx);
  return `SELECT 1 FROM ${fromClause(node, alias, null)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}
