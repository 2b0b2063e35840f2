// How the data tools reach the database: as the run's caller. An end user's run is a transaction as role
// `authenticated` with the user's JWT claims (RLS decides); a service-role run is a `service_role` transaction
// limited to the agent's table scope. Every transaction sets its search_path and statement timeout locally.
import type { RoleContext } from '@powabase/db';
import type pg from 'pg';
import type { AiContext } from '../context.ts';
import type { Caller } from './types.ts';
import { ToolError } from './types.ts';
import { qident } from './data-scope.ts';

export function roleContext(caller: Caller): RoleContext {
  if (caller.kind === 'user') {
    const claims = caller.claims ?? { sub: caller.userId, role: 'authenticated', aud: 'authenticated' };
    return { role: 'authenticated', claims: { ...claims, role: 'authenticated' } };
  }
  return { role: 'service_role', claims: { role: 'service_role' } };
}

class Rollback { constructor(readonly value: unknown) {} }

/**
 * Runs fn as the caller with `search_path` = the scope's schemas and a statement timeout; `commit: false`
 * rolls the transaction back after fn (reads). Database errors become ToolErrors the model can read.
 */
export async function asCaller<T>(ctx: AiContext, caller: Caller, o: { schemas: string[]; timeoutMs: number; commit: boolean },
  fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.withRole(roleContext(caller), async (c) => {
      await c.query("select set_config('search_path', $1, true), set_config('statement_timeout', $2, true)",
        [o.schemas.map(qident).join(', ') || 'pg_catalog', String(Math.max(1, Math.floor(o.timeoutMs)))]);
      const out = await fn(c);
      if (!o.commit) throw new Rollback(out);
      return out;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    if (e instanceof ToolError) throw e;
    const err = e as { message?: string; code?: string };
    if (err.code && typeof err.message === 'string') throw new ToolError(`Database error: ${err.message}`);
    throw e;
  }
}
