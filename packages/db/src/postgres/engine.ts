// The `postgres` engine: a PostgreSQL (>= 15) server reached by URL; LISTEN rides one dedicated client.
import pg from 'pg';
import type { Db } from '../types.ts';
import { runTx } from '../role.ts';
import { Listeners } from '../listeners.ts';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  pool.on('error', () => {});
  await pool.query('select 1');
  let listener: Promise<pg.Client> | null = null;
  const quote = (s: string) => '"' + s.replace(/"/g, '""') + '"';

  // One client for every channel, made once even when several listen() calls race for it.
  function listenClient(): Promise<pg.Client> {
    listener ??= (async () => {
      const c = new pg.Client({ connectionString: opts.url });
      c.on('error', () => {});
      c.on('notification', (n) => {
        listeners.dispatch(n.channel, n.payload ?? '');
      });
      await c.connect();
      return c;
    })();
    listener.catch(() => { listener = null; });
    return listener;
  }

  const listeners = new Listeners({
    listen: (channel) => listenClient().then((c) => c.query(`listen ${quote(channel)}`)),
    unlisten: async (channel) => {
      const c = await listenClient().catch(() => null);
      await c?.query(`unlisten ${quote(channel)}`).catch(() => {});
    },
  });

  return {
    engine: 'postgres',
    url: opts.url,
    pool,
    query: (text, params) => pool.query(text, params as unknown[]),
    tx: (fn) => runTx(pool, fn),
    withRole: (ctx, fn) => runTx(pool, fn, ctx),
    listen: (channel, cb) => listeners.add(channel, cb),
    async close() {
      const c = await listener?.catch(() => null);
      await c?.end().catch(() => {});
      await pool.end();
    },
  };
}
