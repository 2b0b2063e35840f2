// What the caller's role may use in a schema (openapi-mode follow-privileges): relations with any table or
// column privilege, and executable functions, asked of the catalog with has_*_privilege.
import type { Db } from '@powabase/db';

const SQL = `
select 'r' as kind, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind in ('r','v','m','f','p') and has_schema_privilege($2, n.oid, 'USAGE')
  and (has_table_privilege($2, c.oid, 'SELECT, INSERT, UPDATE, DELETE') or has_any_column_privilege($2, c.oid, 'SELECT, INSERT, UPDATE'))
union all
select 'f', p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = $1 and has_schema_privilege($2, n.oid, 'USAGE') and has_function_privilege($2, p.oid, 'EXECUTE')`;

export async function accessible(db: Db, schema: string, role: string): Promise<{ tables: Set<string>; routines: Set<string> }> {
  const { rows } = await db.query<{ kind: string; name: string }>(SQL, [schema, role]);
  return {
    tables: new Set(rows.filter((r) => r.kind === 'r').map((r) => r.name)),
    routines: new Set(rows.filter((r) => r.kind === 'f').map((r) => r.name)),
  };
}
