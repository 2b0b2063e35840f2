// Role transactions: every caller's statement runs with `set local role` and its JWT claims, so RLS decides.
import type pg from 'pg';
import type { RoleContext } from './types.ts';

export const ROLE_SETUP_SQL =
  "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), " +
  "set_config('request.method', $3, true), set_config('request.path', $4, true), " +
  "set_config('request.headers', $5, true)";

export function roleSetupParams(ctx: RoleContext): string[] {
  return [
    ctx.role,
    JSON.stringify(ctx.claims ?? {}),
    ctx.method ?? '',
    ctx.path ?? '',
    JSON.stringify(ctx.headers ?? {}),
  ];
}

export async function runTx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, setup?: RoleContext): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    if (setup) await client.query(ROLE_SETUP_SQL, roleSetupParams(setup));
    const out = await fn(client);
    // A commit of a transaction that already failed answers ROLLBACK instead of raising: make it raise.
    const done = await client.query('commit');
    if (done.command === 'ROLLBACK') throw new Error('transaction was rolled back: a statement in it failed');
    return out;
  } catch (err) {
    try { await client.query('rollback'); } catch { broken = true; }
    throw err;
  } finally {
    client.release(broken);
  }
}
