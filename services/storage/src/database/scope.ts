// Database scopes: a caller's operations run in a transaction as the caller's role with its claims (so RLS
// decides); the service's own work runs as the connection's superuser. Postgres errors become storage errors.
import type pg from 'pg';
import type { Db } from '@powabase/db';
import { fromPgError } from '../errors.ts';
import type { Caller } from '../types.ts';

export type Client = pg.PoolClient;

const SCOPE_SQL =
  "select set_config('storage.operation', $1, true), set_config('storage.allow_delete_query', 'true', true), " +
  "set_config('request.jwt.claim.sub', $2, true), set_config('request.jwt.claim.role', $3, true)";

export interface RequestInfo { method?: string; path?: string }

export class StorageDb {
  constructor(readonly db: Db, readonly caller: Caller | null, readonly request: RequestInfo = {}) {}

  /** Service role and the service itself skip RLS (service_role has BYPASSRLS anyway). */
  get isSuperUser(): boolean {
    return this.caller === null || this.caller.role === 'service_role';
  }

  asSuperUser(): StorageDb {
    return this.caller === null ? this : new StorageDb(this.db, null, this.request);
  }

  /** One transaction; `operation` is visible to policies as `storage.operation()`. */
  async tx<T>(operation: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const caller = this.caller;
    const params = [operation, caller?.sub ?? '', caller?.role ?? ''];
    try {
      if (this.isSuperUser) {
        return await this.db.tx(async (c) => { await c.query(SCOPE_SQL, params); return fn(c); });
      }
      return await this.db.withRole(
        { role: caller!.role, claims: caller!.claims as Record<string, unknown>, method: this.request.method, path: this.request.path },
        async (c) => { await c.query(SCOPE_SQL, params); return fn(c); },
      );
    } catch (e) {
      throw fromPgError(e) ?? e;
    }
  }

  /** Runs `fn` as the caller and undoes its effects: a permission test (RLS, unique keys) before streaming bytes. */
  async testPermission(operation: string, fn: (c: Client) => Promise<unknown>): Promise<void> {
    await this.tx(operation, async (c) => {
      await c.query('savepoint permission_test');
      try {
        await fn(c);
      } finally {
        await c.query('rollback to savepoint permission_test');
      }
    });
  }
}

/** Inside a caller's transaction, runs `fn` as the session user (superuser), then switches back. */
export async function asSessionUser<T>(c: Client, caller: Caller | null, fn: () => Promise<T>): Promise<T> {
  if (!caller || caller.role === 'service_role') return fn();
  await c.query('set local role none');
  const out = await fn(); // on failure the whole transaction rolls back, role included
  await c.query("select set_config('role', $1, true)", [caller.role]);
  return out;
}
