// The execute stage, the only one that touches the database: one transaction per request, sent as one
// pipelined round trip (settings with set_config(…, true) incl. role and claims, optional db-pre-request,
// the main statement, an optional planned count) and committed at the Sync. When the outcome decides
// between commit and rollback (PGRST116, max-affected, PUT, tx=rollback) it runs inside BEGIN instead.
import type pg from 'pg';
import type { Db } from '@powabase/db';
import { restError, RestError } from '../errors.ts';
import { fromPgError } from '../sql-state.ts';
import { runPipelineOn, type PipelineError, type Statement, type StatementResult } from './pipeline.ts';
import { named, statementsOf } from './statements.ts';

/** `SELECT set_config($1, $2, true), …` for n settings, applied left to right (faster than unnest on PGlite). */
const setupSql = (() => {
  const texts: string[] = [];
  return (n: number) => (texts[n] ??= `SELECT ${Array.from({ length: n }, (_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`);
})();

export interface TxRequest {
  /** GUCs to set for the transaction, in order (`role` last). */
  settings: [string, string][];
  /** `"schema"."fn"` of db-pre-request, already quoted by the caller. */
  preRequest: string | null;
  main: { sql: string; params: unknown[] };
  plannedCount: { sql: string; params: unknown[] } | null;
  /** EXPLAIN output instead of the result row. */
  explain: boolean;
  /** Transaction end: commit at the Sync, always roll back, or decide after looking at the result. */
  end: 'commit' | 'rollback' | 'decide';
  /** Request was made with a JWT of a role other than anon (42501 → 403 instead of 401). */
  authenticated: boolean;
}

export interface TxResult {
  /** Row of the main statement (or the EXPLAIN lines). */
  row: (string | null)[];
  explainLines: string[];
  plannedRows: number | null;
}

export type Decide = (r: TxResult) => RestError | null;

function asRestError(e: unknown, authenticated: boolean): RestError {
  if (e instanceof RestError) return e;
  const pe = e as PipelineError;
  if (pe && typeof pe.code === 'string' && /^[0-9A-Z]{5}$/.test(pe.code)) return fromPgError({ code: pe.code, message: pe.message, detail: pe.detail ?? null, hint: pe.hint ?? null }, { authenticated });
  return restError('PGRST001', {}, { details: pe?.message ?? null, cause: e });
}

function plannedRows(r: StatementResult | undefined): number | null {
  const text = r?.rows[0]?.[0];
  if (!text) return null;
  try {
    const rows = (JSON.parse(text) as { Plan?: { 'Plan Rows'?: number } }[])[0]?.Plan?.['Plan Rows'];
    return typeof rows === 'number' ? rows : null;
  } catch {
    return null;
  }
}

async function connect(db: Db): Promise<pg.PoolClient> {
  try {
    return await db.pool.connect();
  } catch (e) {
    throw restError('PGRST000', {}, { details: (e as Error).message ?? null, cause: e });
  }
}

export async function runTransaction(db: Db, tx: TxRequest, decide: Decide): Promise<TxResult> {
  const client = await connect(db);
  const stmts = statementsOf(client);
  const explicit = tx.end !== 'commit';
  const list: Statement[] = [];
  if (explicit) list.push({ text: 'BEGIN', noDescribe: true });
  list.push(named(stmts, setupSql(tx.settings.length), tx.settings.flat()));
  if (tx.preRequest) list.push({ text: `SELECT ${tx.preRequest}()`, noDescribe: true });
  const mainIndex = list.length;
  list.push(tx.explain ? { text: tx.main.sql, values: tx.main.params, noDescribe: true } : named(stmts, tx.main.sql, tx.main.params));
  if (tx.plannedCount) list.push({ text: tx.plannedCount.sql, values: tx.plannedCount.params, noDescribe: true });
  if (tx.end === 'rollback') list.push({ text: 'ROLLBACK', noDescribe: true });
  let broken = false;
  try {
    let results: StatementResult[];
    try {
      results = await runPipelineOn(client, list, stmts.prepared);
    } catch (e) {
      if (explicit) await client.query('ROLLBACK').catch(() => { broken = true; });
      throw e;
    }
    const main = results[mainIndex]!;
    const out: TxResult = {
      row: main.rows[0] ?? [],
      explainLines: tx.explain ? main.rows.map((r) => r[0] ?? '') : [],
      plannedRows: tx.plannedCount ? plannedRows(results[mainIndex + 1]) : null,
    };
    const failure = tx.explain ? null : decide(out);
    if (tx.end === 'decide') await client.query(failure ? 'ROLLBACK' : 'COMMIT');
    if (failure) throw failure;
    return out;
  } catch (e) {
    if (!(e instanceof RestError) && !(e as PipelineError)?.code) broken = true;
    throw asRestError(e, tx.authenticated);
  } finally {
    client.release(broken);
  }
}
