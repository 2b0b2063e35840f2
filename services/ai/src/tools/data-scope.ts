// The table scope of the data tools: `config_override.schemas = {"<schema>": ["table", …]}`, validated when
// saved (names, no system schemas) and resolved when a run starts (only plain or partitioned tables and
// views created with security_invoker; anything else is left out).
import type { Db } from '@powabase/db';
import { raise } from '../errors.ts';
import { isObject } from './types.ts';

export const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;
const SYSTEM_SCHEMAS = new Set(['ai', 'auth', 'storage', 'extensions', 'graphql', 'graphql_public', 'realtime', 'information_schema',
  'vault', 'net', 'cron', 'pgsodium', 'pgsodium_masks', 'supabase_functions', 'supabase_migrations', 'pgbouncer', 'topology']);

export const isSystemSchema = (s: string) => SYSTEM_SCHEMAS.has(s.toLowerCase()) || /^pg_/i.test(s) || /^supabase_/i.test(s);

export type Scope = Record<string, string[]>;

/** Validates `config_override.schemas` (400 on a bad name or a system schema); absent → undefined. */
export function parseScope(v: unknown): Scope | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw raise('invalid_request', 'config_override.schemas must be an object of schema name to a list of table names');
  const out: Scope = {};
  for (const [schema, tables] of Object.entries(v)) {
    if (!IDENT.test(schema)) throw raise('invalid_request', `Invalid schema name: ${schema}`);
    if (isSystemSchema(schema)) throw raise('invalid_request', `System schema ${schema} cannot be exposed to data tools`);
    if (!Array.isArray(tables) || tables.some((t) => typeof t !== 'string' || !IDENT.test(t))) {
      throw raise('invalid_request', `config_override.schemas.${schema} must be a list of valid table names`);
    }
    out[schema] = [...new Set(tables as string[])];
  }
  return out;
}

export interface ScopedTable { schema: string; name: string; kind: 'table' | 'view' }

/** The configured relations that exist and may be used (tables, partitioned tables, security_invoker views). */
export async function resolveScope(db: Db, scope: Scope): Promise<ScopedTable[]> {
  const schemas: string[] = [];
  const names: string[] = [];
  for (const [s, ts] of Object.entries(scope)) for (const t of ts) { schemas.push(s); names.push(t); }
  if (!names.length) return [];
  const r = await db.query<{ schema: string; name: string; relkind: string; invoker: boolean }>(
    `select n.nspname as schema, c.relname as name, c.relkind::text as relkind,
            coalesce(exists (select 1 from unnest(c.reloptions) o where lower(o) in ('security_invoker=true', 'security_invoker=on', 'security_invoker=1')), false) as invoker
       from unnest($1::text[], $2::text[]) as want(s, t)
       join pg_namespace n on n.nspname = want.s
       join pg_class c on c.relnamespace = n.oid and c.relname = want.t
      where c.relkind in ('r', 'p', 'v')
      order by 1, 2`, [schemas, names]);
  return r.rows.filter((x) => x.relkind !== 'v' || x.invoker).map((x) => ({ schema: x.schema, name: x.name, kind: x.relkind === 'v' ? 'view' : 'table' }));
}

export const qident = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const qualified = (t: { schema: string; name: string }) => `${qident(t.schema)}.${qident(t.name)}`;
