// The table editor's reads: schemas, tables, columns (catalog queries) and a page of rows. They run as SQL
// through the query route because the project's /rest/v1 is not built yet; `fetchTableRows` is the one
// fetcher to switch to /rest/v1 (Range + order) when it is.
import { runQuery } from './database.ts';
import type { Row } from '../types.ts';

export interface TableInfo { schema: string; name: string; kind: 'table' | 'view'; rls_enabled: boolean; estimated_rows: number }
export interface ColumnInfo { name: string; data_type: string; nullable: boolean; default_value: string | null; is_primary_key: boolean }
export interface RowsRequest { schema: string; table: string; page: number; pageSize: number; sort?: { column: string; ascending: boolean } }
export interface RowsPage { rows: Row[]; total: number }

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
      coalesce(a.attnum = any(i.indkey), false) as is_primary_key
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
    where a.attrelid = ${literal(`${ident(schema)}.${ident(table)}`)}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`);
}

/** One page of a table's rows and its total count. The fetcher to swap for GET /rest/v1/{table} later. */
export async function fetchTableRows(ref: string, q: RowsRequest): Promise<RowsPage> {
  const from = `${ident(q.schema)}.${ident(q.table)}`;
  const order = q.sort ? ` order by ${ident(q.sort.column)} ${q.sort.ascending ? 'asc' : 'desc'} nulls last` : '';
  const offset = Math.max(0, q.page) * q.pageSize;
  const [count] = await runQuery<{ total: number }>(ref, `select count(*)::int as total from ${from}`);
  const rows = await runQuery(ref, `select * from ${from}${order} limit ${q.pageSize} offset ${offset}`);
  return { rows, total: count?.total ?? 0 };
}
