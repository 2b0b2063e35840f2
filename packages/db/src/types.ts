// The database handle every service receives: the node-postgres API over either engine.
import type pg from 'pg';

export type EngineName = 'pglite' | 'postgres';

/** What a request runs as: the role from the verified JWT and the claims RLS reads. */
export interface RoleContext {
  role: string;
  claims: Record<string, unknown>;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

export type Notification = { channel: string; payload: string };
export type Unlisten = () => Promise<void>;

export interface Db {
  readonly engine: EngineName;
  /** A Postgres connection string that reaches this database (the project's Database URL). */
  readonly url: string;
  readonly pool: pg.Pool;
  query<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** A transaction that sets role and request.jwt.claims (and request.method/path/headers) with `set local`. */
  withRole<T>(ctx: RoleContext, fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}
