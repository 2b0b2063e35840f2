// The one statement per request: the action's rows in a CTE, then a single result row of
// (total, page_total, body, response.headers, response.status, inserted, location) where the body is
// already JSON/CSV text built by Postgres. Also the count and EXPLAIN statements that ride along.
import type { BodyShape, CallPlan, MutatePlan, Plan, ReadNode, ReadPlan } from '../plan/types.ts';
import { countSourceSql, nodeSql, QueryContext } from './read-query.ts';
import { buildMutation } from './mutate-query.ts';
import { buildCall } from './call-query.ts';
import { ident, Params } from './sql.ts';

/** Marks the parameter that carries the request body (filled in at execution time). */
export const BODY = Symbol('request body');

export interface MainQuery {
  sql: string;
  /** Parameter values; the one equal to BODY takes the request body. */
  params: unknown[];
  /** EXPLAIN (FORMAT JSON) of the count source, for `count=planned|estimated`. */
  plannedCount: { sql: string; params: unknown[] } | null;
}

const T = ident('pgrst_t');
const SOURCE = ident('pgrst_src');
const GUCS = "nullif(current_setting('response.headers', true), ''), nullif(current_setting('response.status', true), '')";

/** Body text of the rows of `pgrst_t` for the negotiated shape; `scalar` names a single-value column. */
export function bodySql(shape: BodyShape, scalar: string | null, single: boolean): string {
  const row = scalar ? `${T}.${ident(scalar)}` : T;
  switch (shape) {
    case 'single': return `coalesce((json_agg(${row})->0)::text, 'null')`;
    case 'single-stripped': return `coalesce(json_strip_nulls(json_agg(${row})->0)::text, 'null')`;
    case 'array-stripped':
      if (single) return `coalesce(json_strip_nulls(json_agg(${row})->0)::text, 'null')`;
      return scalar ? `coalesce(json_agg(${row}), '[]')::text` : `coalesce(json_agg(json_strip_nulls(row_to_json(${T}))), '[]')::text`;
    case 'csv':
      return `(SELECT coalesce(string_agg(k, ','), '') FROM (SELECT json_object_keys(r) AS k FROM (SELECT row_to_json(h) AS r FROM ${SOURCE} AS h LIMIT 1) AS s) AS a)`
        + ` || E'\\n' || coalesce(string_agg(substring(${T}::text, 2, length(${T}::text) - 2), E'\\n'), '')`;
    case 'geojson':
      return `json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(ST_AsGeoJSON(${T})::json), '[]'))::text`;
    case 'array':
      return single ? `coalesce((json_agg(${row})->0)::text, 'null')` : `coalesce(json_agg(${row}), '[]')::text`;
  }
}

function countExpr(plan: Plan, node: ReadNode, ctx: QueryContext, maxRows: number | null): string {
  const count = plan.request.preferences.count;
  if (count === 'exact') return `(SELECT count(*) FROM (${countSourceSql(node, ctx)}) AS ${ident('pgrst_count')})`;
  if (count === 'estimated' && maxRows !== null) {
    return `(SELECT count(*) FROM (${countSourceSql(node, ctx)} LIMIT ${ctx.params.add(String(maxRows + 1), 'bigint')}) AS ${ident('pgrst_count')})`;
  }
  return 'NULL::bigint';
}

function plannedCount(plan: Plan, node: ReadNode, withCte: (ctx: QueryContext) => string): MainQuery['plannedCount'] {
  const count = plan.request.preferences.count;
  if (count !== 'planned' && count !== 'estimated') return null;
  const params = new Params();
  const ctx = new QueryContext(params);
  const sql = `EXPLAIN (FORMAT JSON) ${withCte(ctx)}${countSourceSql(node, ctx)}`;
  return { sql, params: params.values };
}

function readQuery(plan: Plan, action: ReadPlan, maxRows: number | null): MainQuery {
  const params = new Params();
  const ctx = new QueryContext(params);
  const rows = nodeSql(action.node, ctx, { positional: false });
  const total = countExpr(plan, action.node, ctx, maxRows);
  const body = action.head ? 'NULL::text' : bodySql(plan.shape, null, false);
  const sql = `WITH ${SOURCE} AS (${rows.sql}) SELECT ${total}, count(*), ${body}, ${GUCS}, NULL, NULL FROM ${SOURCE} AS ${T}`;
  return { sql, params: params.values, plannedCount: plannedCount(plan, action.node, () => '') };
}

function mutateQuery(plan: Plan, action: MutatePlan): MainQuery {
  const params = new Params();
  const ctx = new QueryContext(params);
  const m = buildMutation(action, ctx, BODY);
  let rowsFrom = `${m.cte} AS ${T}`;
  let body = 'NULL::text';
  if (action.returning) {
    const rows = nodeSql(action.returning, ctx, { positional: false });
    rowsFrom = `(${rows.sql}) AS ${T}`;
    body = bodySql(plan.shape, null, false);
  }
  const inserted = action.countInserted ? `(SELECT count(*) FROM ${m.cte} WHERE ${ident('pgrst_inserted')})` : 'NULL';
  const location = action.locationColumns
    ? `(SELECT json_build_array(${action.locationColumns.map((c) => `${ident(c)}::text`).join(', ')})::text FROM ${m.cte} LIMIT 1)` : 'NULL';
  const source = plan.shape === 'csv' ? `, ${SOURCE} AS (SELECT * FROM ${rowsFrom})` : '';
  const from = plan.shape === 'csv' ? `${SOURCE} AS ${T}` : rowsFrom;
  const sql = `WITH ${m.cte} AS (${m.sql})${source} SELECT NULL::bigint, count(*), ${body}, ${GUCS}, ${inserted}, ${location} FROM ${from}`;
  return { sql, params: params.values, plannedCount: null };
}

function callQuery(plan: Plan, action: CallPlan, maxRows: number | null): MainQuery {
  const params = new Params();
  const ctx = new QueryContext(params);
  const call = buildCall(action, ctx, BODY);
  const routine = action.routine;
  const cte = `WITH ${call.cte} AS (${call.sql})`;
  if (!action.node) {
    const sql = `${cte} SELECT NULL::bigint, count(*), NULL::text, ${GUCS}, NULL, NULL FROM ${call.cte}`;
    return { sql, params: params.values, plannedCount: null };
  }
  const rows = nodeSql(action.node, ctx, { positional: false });
  const total = countExpr(plan, action.node, ctx, maxRows);
  const scalar = routine.returnKind === 'scalar' ? routine.name : null;
  const body = plan.request.method === 'HEAD' ? 'NULL::text' : bodySql(plan.shape, scalar, !routine.returnsSet);
  const sql = `${cte}, ${SOURCE} AS (${rows.sql}) SELECT ${total}, count(*), ${body}, ${GUCS}, NULL, NULL FROM ${SOURCE} AS ${T}`;
  return { sql, params: params.values, plannedCount: plannedCount(plan, action.node, (c) => {
    const again = buildCall(action, c, BODY);
    return `WITH ${again.cte} AS (${again.sql}) `;
  }) };
}

export function buildMainQuery(plan: Plan, maxRows: number | null): MainQuery {
  switch (plan.action.kind) {
    case 'read': return readQuery(plan, plan.action, maxRows);
    case 'mutate': return mutateQuery(plan, plan.action);
    case 'call': return callQuery(plan, plan.action, maxRows);
  }
}
