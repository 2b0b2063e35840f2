// The table editor's reads: schemas, tables, columns (catalog queries through the query route) and a page of
// rows: over the project's /rest/v1 with the service-role key (`fetchRows`), or as SQL (`fetchTableRows`) for
// schemas the REST API does not expose (auth, extensions, ...), where the grid is read-only.
import { runQuery } from './database.ts';
import { fetchRestRows } from './rest.ts';
import { ApiError } from '../http.ts';
import type { ProjectTarget } from '../project-http.ts';
import { isValue, type RowFilter } from '../rest-query.ts';
import type { Row } from '../types.ts';

export interface TableInfo { schema: string; name: string; kind: 'table' | 'view'; rls_enabled: boolean; estimated_rows: number }
export interface ColumnInfo {
  name: string; data_type: string; nullable: boolean; default_value: string | null; is_primary_key: boolean;
  /** `generated ... as identity`: the database numbers it. */
  is_identity: boolean;
  /** `generated always as (...) stored`: never written. */
  is_generated: boolean;
}
export interface RowsRequest {
  schema: string; table: string; page: number; pageSize: number; sort?: { column: string; ascending: boolean }; filters?: RowFilter[];
}
export interface RowsPage { rows: Row[]; total: number }
/** Where a page came from: REST (writable) or SQL (a schema /rest/v1 does not expose: read-only). */
export interface SourcedRowsPage extends RowsPage { via: 'rest' | 'sql' }

/** Schemas the Studio hides: Postgres' own. */
const SYSTEM = `('pg_catalog', 'information_schema', 'pg_toast')`;

export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function listSchemas(ref: string): Promise<string[]> {
  const rows = await runQuery<{ name: string }>(ref,
    `select nspname as name from pg_namespace where nspname not in ${SYSTEM} and nspname not like 'pg_temp%' and nspname not like 'pg_toast%' order by nspname`);
  return rows.map((r) => r.name);
}

export function listTables(ref: string, schema: string): Promise<TableInfo[]> {
  return runQuery<TableInfo>(ref, `select n.nspname as schema, c.relname as name,
      case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind,
      c.relrowsecurity as rls_enabled, greatest(c.reltuples, 0)::int8 as estimated_rows
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${literal(schema)} and c.relkind in ('r', 'p', 'v', 'm', 'f')
    order by c.relname`);
}

export function listColumns(ref: string, schema: string, table: string): Promise<ColumnInfo[]> {
  return runQuery<ColumnInfo>(ref, `select a.attname as name, format_type(a.atttypid, a.atttypmod) as data_type,
      not a.attnotnull as nullable, pg_get_expr(d.adbin, d.adrelid) as default_value,
      coalesce(a.attnum = any(i.indkey), false) as is_primary_key,
      a.attidentity <> '' as is_identity, a.attgenerated <> '' as is_generated
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
    where a.attrelid = ${literal(`${ident(schema)}.${ident(table)}`)}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`);
}

const COMPARE = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like', ilike: 'ilike' } as const;
const IS = { null: 'is null', not_null: 'is not null', true: 'is true', false: 'is false', unknown: 'is unknown' } as const;

/** A filter as an SQL condition with the same meaning as its PostgREST form (`*` is a wildcard in like, too). */
export function sqlCondition(f: RowFilter): string {
  const col = ident(f.column);
  if (f.operator === 'in') {
    const items = f.value.split(',').map((v) => v.trim()).filter((v) => v !== '');
    return items.length ? `${col} in (${items.map(literal).join(', ')})` : 'false';
  }
  if (f.operator === 'is') {
    const v = isValue(f.value);
    if (!(v in IS)) throw new ApiError(400, `"is" takes null, not_null, true, false or unknown, not "${f.value}"`);
    return `${col} ${IS[v as keyof typeof IS]}`;
  }
  const value = f.operator === 'like' || f.operator === 'ilike' ? f.value.replace(/\*/g, '%') : f.value;
  return `${col} ${COMPARE[f.operator]} ${literal(value)}`;
}

/** One page of a table's rows and its total count, as SQL through the query route. */
export async function fetchTableRows(ref: string, q: RowsRequest): Promise<RowsPage> {
  const from = `${ident(q.schema)}.${ident(q.table)}`;
  const where = q.filters?.length ? ` where ${q.filters.map(sqlCondition).join(' and ')}` : '';
  const order = q.sort ? ` order by ${ident(q.sort.column)} ${q.sort.ascending ? 'asc' : 'desc'} nulls last` : '';
  const offset = Math.max(0, q.page) * q.pageSize;
  const [count] = await runQuery<{ total: number }>(ref, `select count(*)::int as total from ${from}${where}`);
  const rows = await runQuery(ref, `select * from ${from}${where}${order} limit ${q.pageSize} offset ${offset}`);
  return { rows, total: count?.total ?? 0 };
}

/** PostgREST's answer for a schema it does not expose. */
const SCHEMA_NOT_EXPOSED = 'PGRST106';

/** A page over /rest/v1; for a schema the API does not expose, the same page as SQL (and the grid read-only). */
export async function fetchRows(ref: string, target: ProjectTarget, q: RowsRequest, signal?: AbortSignal): Promise<SourcedRowsPage> {
  try {
    const page = await fetchRestRows(target, q, { filters: q.filters, order: q.sort, limit: q.pageSize, offset: Math.max(0, q.page) * q.pageSize }, signal);
    return { ...page, via: 'rest' };
  } catch (e) {
    if (!(e instanceof ApiError && e.code === SCHEMA_NOT_EXPOSED)) throw e;
    return { ...(await fetchTableRows(ref, q)), via: 'sql' };
  }
}
