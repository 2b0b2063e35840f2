// The `postgres` engine: a PostgreSQL (>= 15) server reached by URL; LISTEN rides one dedicated client.
import pg from 'pg';
import type { Db, Unlisten } from '../types.ts';
import { runTx } from '../role.ts';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  pool.on('error', () => {});
  await pool.query('select 1');
  let listener: Promise<pg.Client> | null = null;
  const listeners = new Map<string, { cbs: Set<(p: string) => void>; ready: Promise<unknown> }>();
  const quote = (s: string) => '"' + s.replace(/"/g, '""') + '"';

  // One client for every channel, made once even when several listen() calls race for it.
  function listenClient(): Promise<pg.Client> {
    listener ??= (async () => {
      const c = new pg.Client({ connectionString: opts.url });
      c.on('error', () => {});
      c.on('notification', (n) => {
        for (const cb of listeners.get(n.channel)?.cbs ?? []) cb(n.payload ?? '');
      });
      await c.connect();
      return c;
    })();
    listener.catch(() => { listener = null; });
    return listener;
  }

  return {
    engine: 'postgres',
    url: opts.url,
    pool,
    query: (text, params) => pool.query(text, params as unknown[]),
    tx: (fn) => runTx(pool, fn),
    withRole: (ctx, fn) => runTx(pool, fn, ctx),
    async listen(channel, cb): Promise<Unlisten> {
      let entry = listeners.get(channel);
      if (!entry) {
        const ready = listenClient().then((c) => c.query(`listen ${quote(channel)}`));
        listeners.set(channel, (entry = { cbs: new Set(), ready }));
      }
      const e = entry;
      e.cbs.add(cb);
      try {
        await e.ready;
      } catch (err) {
        e.cbs.delete(cb);
        if (listeners.get(channel) === e) listeners.delete(channel);
        throw err;
      }
      return async () => {
        if (!e.cbs.delete(cb) || e.cbs.size > 0 || listeners.get(channel) !== e) return;
        listeners.delete(channel);
        const c = await listenClient().catch(() => null);
        await c?.query(`unlisten ${quote(channel)}`).catch(() => {});
      };
    },
    async close() {
      const c = await listener?.catch(() => null);
      await c?.end().catch(() => {});
      await pool.end();
    },
  };
}
