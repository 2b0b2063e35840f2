// INSERT / UPDATE / DELETE / upsert statements (the `pgrst_mut` CTE): rows come from the JSON body through
// json_populate_recordset on the table's own row type, so values are typed by Postgres; RETURNING lists only
// the columns the response needs (SELECT privileges and RLS then apply to no more than that).
import type { MutatePlan, ReadNode } from '../plan/types.ts';
import { conditionSql } from './conditions.ts';
import { existsSql, type QueryContext } from './read-query.ts';
import { ident, qualified } from './sql.ts';

const TARGET = 'pgrst_target';
const BODY_ROW = 'pgrst_body';

function neededColumns(node: ReadNode | null, extra: string[]): string[] {
  const out = new Set<string>(extra);
  if (node) {
    for (const f of node.fields) if (f.kind === 'column') out.add(f.ref.column);
    for (const o of node.order) if (!o.embed) out.add(o.ref.column);
    for (const e of node.embeds) for (const c of e.rel.originColumns) out.add(c);
  }
  return [...out];
}

function returningSql(plan: MutatePlan): string {
  const cols = neededColumns(plan.returning, plan.locationColumns ?? []).map((c) => `${ident(TARGET)}.${ident(c)}`);
  if (plan.countInserted) cols.push(`(${ident(TARGET)}.xmax = 0) AS ${ident('pgrst_inserted')}`);
  return cols.length ? ` RETURNING ${cols.join(', ')}` : ' RETURNING 1';
}

function rowsFromBody(plan: MutatePlan, ctx: QueryContext, body: unknown): string {
  const tbl = qualified(plan.table.schema, plan.table.name);
  const withDefaults = plan.missingDefault ? plan.columns.filter((c) => c.default !== null) : [];
  if (!withDefaults.length) return `json_populate_recordset(NULL::${tbl}, ${ctx.params.add(body, 'json')})`;
  const defaults = withDefaults.map((c) => `${ctx.params.add(c.name, 'text')}, ${c.default}`).join(', ');
  return `jsonb_populate_recordset(NULL::${tbl}, (SELECT jsonb_agg(jsonb_build_object(${defaults}) || ${ident('pgrst_e')}) `
    + `FROM jsonb_array_elements(${ctx.params.add(body, 'jsonb')}) AS ${ident('pgrst_e')}))`;
}

function insertSql(plan: MutatePlan, ctx: QueryContext, body: unknown): string {
  const tbl = qualified(plan.table.schema, plan.table.name);
  const cols = plan.columns.map((c) => ident(c.name));
  const target = cols.length ? ` (${cols.join(', ')})` : '';
  const values = cols.map((c) => `${ident(BODY_ROW)}.${c}`).join(', ');
  let sql = `INSERT INTO ${tbl} AS ${ident(TARGET)}${target} SELECT ${values} FROM ${rowsFromBody(plan, ctx, body)} AS ${ident(BODY_ROW)}`;
  if (plan.mutation === 'upsert' && plan.conditions.length) {
    const cctx = { params: ctx.params, embedExists: () => 'TRUE' };
    sql += ` WHERE ${plan.conditions.map((c) => conditionSql(BODY_ROW, c, cctx)).join(' AND ')}`;
  }
  if (plan.onConflict) {
    sql += ` ON CONFLICT (${plan.onConflict.columns.map(ident).join(', ')}) `;
    sql += plan.onConflict.action === 'merge' && cols.length
      ? `DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  }
  return sql + returningSql(plan);
}

function whereSql(plan: MutatePlan, ctx: QueryContext): string {
  if (!plan.conditions.length) return '';
  const cctx = { params: ctx.params, embedExists: (e: Parameters<typeof existsSql>[0]) => existsSql(e, TARGET, ctx) };
  return ` WHERE ${plan.conditions.map((c) => conditionSql(TARGET, c, cctx)).join(' AND ')}`;
}

function updateSql(plan: MutatePlan, ctx: QueryContext, body: unknown): string {
  const tbl = qualified(plan.table.schema, plan.table.name);
  if (!plan.columns.length) {
    const cols = neededColumns(plan.returning, plan.locationColumns ?? []).map((c) => `${ident(TARGET)}.${ident(c)}`);
    return `SELECT ${cols.join(', ')} FROM ${tbl} AS ${ident(TARGET)} WHERE false`;
  }
  const sets = plan.columns.map((c) => (plan.defaultColumns.includes(c.name)
    ? `${ident(c.name)} = DEFAULT` : `${ident(c.name)} = ${ident(BODY_ROW)}.${ident(c.name)}`));
  return `UPDATE ${tbl} AS ${ident(TARGET)} SET ${sets.join(', ')} FROM (SELECT * FROM json_populate_record(NULL::${tbl}, ${ctx.params.add(body, 'json')})) AS ${ident(BODY_ROW)}`
    + whereSql(plan, ctx) + returningSql(plan);
}

export function buildMutation(plan: MutatePlan, ctx: QueryContext, body: unknown): { cte: string; sql: string } {
  const cte = ident('pgrst_mut');
  switch (plan.mutation) {
    case 'insert': case 'upsert': return { cte, sql: insertSql(plan, ctx, body) };
    case 'update': return { cte, sql: updateSql(plan, ctx, body) };
    case 'delete': {
      const tbl = qualified(plan.table.schema, plan.table.name);
      return { cte, sql: `DELETE FROM ${tbl} AS ${ident(TARGET)}${whereSql(plan, ctx)}${returningSql(plan)}` };
    }
  }
}
