// Runs SQL on a project's database as its owner (the Studio's SQL editor and table reader, and the
// Management API's `database/query`). One short-lived connection per call through the project's Database
// URL; a transaction the SQL leaves open is rolled back so it cannot stall the project (PGlite is one session).
import pg from 'pg';
import { buildUri, parseDbUrl } from '../connect/connection-strings.ts';
import { raise } from '../errors.ts';
import { emit, errorText } from '../events.ts';
import { findSecrets } from '../store/projects.ts';
import type { Project } from '../types.ts';
import type { Deps } from './deps.ts';

export type Row = Record<string, unknown>;

/** Where a failed statement points: 1-based character `position` in the SQL, with its line and column. */
export interface SqlErrorDetails { sqlstate: string; position?: number; line?: number; column?: number; hint?: string; detail?: string }

// Dates, times, intervals and bytea come back as Postgres prints them (no time-zone shifts, no Buffers).
const RAW_TEXT_OIDS = [17, 1082, 1083, 1114, 1184, 1186, 1266];
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (RAW_TEXT_OIDS.includes(oid)) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function projectDbUrl(d: Deps, project: Project): Promise<string> {
  const ep = project.status === 'ACTIVE_HEALTHY' || project.status === 'UNHEALTHY' ? d.provisioner.endpoints(project.ref) : null;
  if (!ep) throw raise('project_not_running');
  const secrets = await findSecrets(d.db, project.ref);
  const parts = parseDbUrl(ep.dbUrl, secrets?.dbPassword);
  if (!parts) throw raise('database_unavailable');
  return buildUri(parts);
}

/** The rows of the last statement that returned rows ([] when none did), like the Management API. */
export async function runQuery(d: Deps, project: Project, sql: string): Promise<Row[]> {
  if (typeof sql !== 'string' || !sql.trim()) throw raise('validation_failed', 'query must be a non-empty string');
  const client = new pg.Client({ connectionString: await projectDbUrl(d, project), connectionTimeoutMillis: 10_000, types });
  client.on('error', () => {}); // a dropped connection surfaces through the query call
  try {
    await client.connect();
  } catch (e) {
    emit(d.log, { event: 'database_unreachable', ref: project.ref, error: errorText(e) });
    throw raise('database_unavailable');
  }
  try {
    const out = await client.query(sql).catch((e: unknown) => { throw sqlError(e, sql); });
    const results = Array.isArray(out) ? out : [out];
    const withRows = results.filter((r) => Array.isArray(r.fields) && r.fields.length > 0);
    return (withRows.at(-1)?.rows ?? []) as Row[];
  } finally {
    if (client.getTransactionStatus() !== 'I') await client.query('rollback').catch(() => {});
    await client.end().catch(() => {});
  }
}

/** A Postgres error as `sql_failed`, its message laid out like psql's (SQLSTATE, then LINE n with a caret). */
export function sqlError(e: unknown, sql: string) {
  const pe = e as { code?: string; message?: string; position?: string; hint?: string; detail?: string };
  if (!pe || typeof pe.code !== 'string') return e;
  const details: SqlErrorDetails = { sqlstate: pe.code };
  let message = `ERROR: ${pe.code}: ${pe.message ?? 'query failed'}`;
  const position = Number(pe.position);
  if (Number.isInteger(position) && position > 0) {
    const before = sql.slice(0, position - 1).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    const text = sql.split('\n')[line - 1] ?? '';
    const prefix = `LINE ${line}: `;
    message += `\n${prefix}${text}\n${' '.repeat(prefix.length + column - 1)}^`;
    Object.assign(details, { position, line, column });
  }
  if (pe.detail) { details.detail = pe.detail; message += `\nDETAIL: ${pe.detail}`; }
  if (pe.hint) { details.hint = pe.hint; message += `\nHINT: ${pe.hint}`; }
  return raise('sql_failed', message, details);
}
