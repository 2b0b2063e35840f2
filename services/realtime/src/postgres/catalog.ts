// What the change dispatcher needs from the catalog (columns and their types, primary key, RLS, replica
// identity, per-role column grants, publication membership), cached until any DDL (the event trigger
// NOTIFYs realtime_schema and the service calls clear()).
import type { Db } from '@powabase/db';

export interface TableInfo {
  relid: number;
  schema: string;
  table: string;
  columns: { name: string; type: string }[];
  types: Map<string, string>;
  pk: string[];
  rls: boolean;
  replicaFull: boolean;
}

const TABLE_SQL = `
select c.oid::int8 as relid, n.nspname as schema, c.relname as "table", c.relrowsecurity as rls,
       c.relreplident = 'f' as replica_full,
       coalesce((select json_agg(json_build_object('name', a.attname, 'type', t.typname) order by a.attnum)
                 from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
                 where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
       coalesce((select json_agg(a.attname order by a.attnum)
                 from pg_catalog.pg_index i join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                 where i.indrelid = c.oid and i.indisprimary), '[]') as pk
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.oid = $1::int8::oid`;

const GRANTS_SQL = `
select a.attname from pg_catalog.pg_attribute a
where a.attrelid = $1::int8::oid and a.attnum > 0 and not a.attisdropped
  and pg_catalog.has_column_privilege($2, a.attrelid, a.attnum, 'SELECT')`;

const PUBLISHED_SQL = `
select pt.schemaname as schema, pt.tablename as "table", c.oid::int8 as relid
from pg_catalog.pg_publication_tables pt
join pg_catalog.pg_namespace n on n.nspname = pt.schemaname
join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
where pt.pubname = 'supabase_realtime'
  and pt.schemaname like (case $1 when '*' then '%' else $1 end) escape ''
  and pt.tablename like (case $2 when '*' then '%' else $2 end) escape ''`;

export class Catalog {
  #tables = new Map<number, Promise<TableInfo | null>>();
  #grants = new Map<string, Promise<Set<string>>>();

  constructor(private readonly db: Db) {}

  clear(): void {
    this.#tables.clear();
    this.#grants.clear();
  }

  table(relid: number): Promise<TableInfo | null> {
    let p = this.#tables.get(relid);
    if (!p) {
      p = this.db.query(TABLE_SQL, [relid]).then((r) => {
        const row = r.rows[0];
        if (!row) return null;
        const columns = row.columns as { name: string; type: string }[];
        return {
          relid, schema: row.schema, table: row.table, columns, types: new Map(columns.map((c) => [c.name, c.type])),
          pk: row.pk as string[], rls: row.rls, replicaFull: row.replica_full,
        };
      });
      p.catch(() => this.#tables.delete(relid));
      this.#tables.set(relid, p);
    }
    return p;
  }

  /** Columns `role` may SELECT; empty for a role that does not exist. */
  selectable(relid: number, role: string): Promise<Set<string>> {
    const k = `${relid}\u0000${role}`;
    let p = this.#grants.get(k);
    if (!p) {
      p = this.db.query<{ attname: string }>(GRANTS_SQL, [relid, role]).then((r) => new Set(r.rows.map((x) => x.attname)), () => new Set<string>());
      this.#grants.set(k, p);
    }
    return p;
  }

  /** Tables of the supabase_realtime publication matching a subscription's schema/table (with `*`). */
  async published(schema: string, table: string): Promise<{ schema: string; table: string; relid: number }[]> {
    const r = await this.db.query(PUBLISHED_SQL, [schema, table]);
    return r.rows.map((x) => ({ schema: x.schema, table: x.table, relid: Number(x.relid) }));
  }
}
