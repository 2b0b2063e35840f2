// Private channels: RLS policies on realtime.messages decide, as in Supabase Realtime. Read: probe rows
// (topic, extension) are inserted as the owner, then selected as the caller; visible = may read. Write:
// the caller inserts a probe; success = may write, 42501 = may not. Every check is rolled back.
import type pg from 'pg';
import type { Db } from '@powabase/db';

export interface AuthzContext {
  topic: string;
  role: string;
  claims: Record<string, unknown>;
  headers?: Record<string, string>;
}

const SETUP_SQL =
  "select set_config('role', $1, true), set_config('realtime.topic', $2, true), " +
  "set_config('request.jwt.claims', $3, true), set_config('request.jwt.claim.sub', $4, true), " +
  "set_config('request.jwt.claim.role', $5, true), set_config('request.headers', $6, true)";

function setupParams(ctx: AuthzContext): string[] {
  const sub = typeof ctx.claims.sub === 'string' ? ctx.claims.sub : '';
  return [ctx.role, ctx.topic, JSON.stringify(ctx.claims), sub, ctx.role, JSON.stringify(ctx.headers ?? {})];
}

/** Runs fn inside a transaction that is always rolled back. */
async function rolledBack<T>(db: Db, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    return await fn(client);
  } finally {
    try { await client.query('rollback'); } catch { broken = true; }
    client.release(broken);
  }
}

export async function readPolicies(db: Db, ctx: AuthzContext): Promise<{ broadcast: boolean; presence: boolean }> {
  return rolledBack(db, async (c) => {
    const probes = await c.query<{ id: string; extension: string }>(
      "insert into realtime.messages (topic, extension) values ($1, 'broadcast'), ($1, 'presence') returning id, extension",
      [ctx.topic],
    );
    await c.query(SETUP_SQL, setupParams(ctx));
    const seen = await c.query<{ id: string }>('select id from realtime.messages where id = any($1::uuid[])', [probes.rows.map((r) => r.id)]);
    const visible = new Set(seen.rows.map((r) => r.id));
    const idOf = (ext: string) => probes.rows.find((r) => r.extension === ext)!.id;
    return { broadcast: visible.has(idOf('broadcast')), presence: visible.has(idOf('presence')) };
  });
}

export async function writePolicy(db: Db, ctx: AuthzContext, extension: 'broadcast' | 'presence'): Promise<boolean> {
  return rolledBack(db, async (c) => {
    await c.query(SETUP_SQL, setupParams(ctx));
    await c.query('savepoint probe');
    try {
      await c.query('insert into realtime.messages (topic, extension) values ($1, $2)', [ctx.topic, extension]);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === '42501') return false;
      throw e;
    }
  });
}
