// Builtin `database_query`: one read-only SELECT over the agent's table scope, run as the caller and rolled
// back. Checks before it runs: a single SELECT/WITH statement without functions that change the session or run
// SQL from text; the relations and functions it names (recorded by Postgres for a temporary view of the query)
// must be in scope (or built-in, or auth.uid()/role()/jwt()/email()); its plan must not read system catalogs.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { AiContext } from '../../context.ts';
import { asCaller } from '../data-access.ts';
import type { ScopedTable } from '../data-scope.ts';
import { ToolError, type AgentTool, type Caller } from '../types.ts';

/** Functions that change settings or role, execute SQL given as text, or reach outside the database. */
const DENIED = /\b(set_config|query_to_xml|query_to_xml_and_xmlschema|cursor_to_xml|table_to_xml\w*|schema_to_xml\w*|database_to_xml\w*|pg_read_\w+|pg_ls_\w+|pg_stat_file|lo_\w+|dblink\w*|pg_sleep\w*|pg_advisory\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_notify)\b/i;
const SYSTEM = new Set(['pg_catalog', 'information_schema', 'pg_toast']);
const AUTH_HELPERS = new Set(['uid', 'role', 'jwt', 'email']);
const MAX_ROWS = 1000;

export function checkSelect(raw: unknown): string {
  const sql = typeof raw === 'string' ? raw.trim().replace(/;\s*$/, '') : '';
  if (!sql) throw new ToolError('query is required');
  if (!/^(select|with)\b/i.test(sql)) throw new ToolError('Only read queries are allowed: the query must start with SELECT');
  if (sql.includes(';')) throw new ToolError('Only one statement is allowed (remove the ";")');
  if (/u&["']/i.test(sql)) throw new ToolError('Unicode-escaped identifiers and strings are not allowed');
  const bad = DENIED.exec(sql.replace(/"/g, ''));
  if (bad) throw new ToolError(`The function ${bad[1]} is not allowed in agent queries`);
  return sql;
}

interface Ref { kind: 'rel' | 'func' | 'op'; schema: string; name: string }

async function referencedObjects(c: pg.PoolClient, view: string): Promise<Ref[]> {
  const r = await c.query<Ref>(
    `select distinct case d.refclassid when 'pg_class'::regclass then 'rel' when 'pg_proc'::regclass then 'func' else 'op' end as kind,
            n.nspname as schema, coalesce(cl.relname, p.proname, o.oprname) as name
       from pg_rewrite r
       join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid and d.refobjid <> r.ev_class
        and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_operator'::regclass)
       left join pg_class cl on d.refclassid = 'pg_class'::regclass and cl.oid = d.refobjid
       left join pg_proc p on d.refclassid = 'pg_proc'::regclass and p.oid = d.refobjid
       left join pg_operator o on d.refclassid = 'pg_operator'::regclass and o.oid = d.refobjid
       join pg_namespace n on n.oid = coalesce(cl.relnamespace, p.pronamespace, o.oprnamespace)
      where r.ev_class = $1::text::regclass`, [`pg_temp.${view}`]);
  return r.rows;
}

function planRelations(node: unknown, out: Array<{ schema: string; name: string }> = []) {
  if (Array.isArray(node)) for (const x of node) planRelations(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o['Relation Name'] === 'string') out.push({ schema: String(o.Schema ?? ''), name: o['Relation Name'] as string });
    for (const v of Object.values(o)) if (v && typeof v === 'object') planRelations(v, out);
  }
  return out;
}

export async function checkScope(c: pg.PoolClient, sql: string, tables: ScopedTable[]): Promise<void> {
  const allowed = new Set(tables.map((t) => `${t.schema}.${t.name}`));
  const view = `pb_agent_q_${randomBytes(6).toString('hex')}`;
  await c.query({ text: `create temporary view ${view} as select 1 from (\n${sql}\n) as q`, values: [], queryMode: 'extended' } as pg.QueryConfig);
  for (const ref of await referencedObjects(c, view)) {
    if (ref.kind === 'rel' && !allowed.has(`${ref.schema}.${ref.name}`)) throw new ToolError(`Table ${ref.schema}.${ref.name} is not available to this agent`);
    if (ref.kind !== 'rel' && ref.schema !== 'extensions' && !(ref.kind === 'func' && ref.schema === 'auth' && AUTH_HELPERS.has(ref.name))) {
      throw new ToolError(`The ${ref.kind === 'func' ? 'function' : 'operator'} ${ref.schema}.${ref.name} is not allowed in agent queries`);
    }
  }
  await c.query(`drop view pg_temp.${view}`);
  const plan = await c.query({ text: `explain (verbose, format json) select * from (\n${sql}\n) as q`, values: [], queryMode: 'extended' } as pg.QueryConfig);
  const sys = planRelations(plan.rows[0]?.['QUERY PLAN']).find((r) => SYSTEM.has(r.schema));
  if (sys) throw new ToolError(`System catalog ${sys.schema}.${sys.name} is not available to this agent`);
}

export function databaseQueryTool(ctx: AiContext, caller: Caller, tables: ScopedTable[], timeoutMs: number): AgentTool {
  const list = tables.map((t) => `${t.schema}.${t.name}`).join(', ');
  const schemas = [...new Set(tables.map((t) => t.schema))];
  return {
    readOnly: true,
    capResult: true,
    spec: {
      name: 'database_query',
      description: `Run one read-only SQL SELECT query on the project's database. Tables available: ${list}. ` +
        (caller.kind === 'user' ? 'The query runs as the signed-in user, so row level security decides which rows are visible.' : ''),
      parameters: { type: 'object', properties: { query: { type: 'string', description: 'A single SELECT statement' } }, required: ['query'] },
    },
    async run(args) {
      const sql = checkSelect(args.query);
      return asCaller(ctx, caller, { schemas, timeoutMs, commit: false }, async (c) => {
        await checkScope(c, sql, tables);
        await c.query("select set_config('transaction_read_only', 'on', true)");
        const res = await c.query({ text: `select * from (\n${sql}\n) as q limit ${MAX_ROWS + 1}`, values: [], queryMode: 'extended' } as pg.QueryConfig);
        const rows = res.rows.slice(0, MAX_ROWS);
        return { result: { rows, row_count: rows.length, ...(res.rows.length > MAX_ROWS ? { truncated: true } : {}) } };
      });
    },
  };
}
