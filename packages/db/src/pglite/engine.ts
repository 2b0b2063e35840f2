// The `pglite` engine: a PGlite instance in its own worker thread, reached through a pg.Pool over its
// loopback wire-protocol port, exactly as a PostgreSQL server would be.
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Db } from '../types.ts';
import { runTx } from '../role.ts';
import { Listeners } from '../listeners.ts';
import type { ToParent, ToWorker, WorkerInit } from './protocol.ts';

export interface PgliteOptions {
  dataDir: string;
  /** Password demanded from every wire client (md5). */
  password: string;
  /** Loopback port for the wire protocol; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Pool size of the in-process handle. PGlite is one session, so more clients only queue. */
  poolSize?: number;
  /** Lines of postgresql.conf, e.g. ['shared_buffers=16MB']. */
  postgresqlConf?: string[];
  /** A wire client idle in an open transaction while others wait is terminated after this (ms, default 60 000; 0 never). */
  idleInTransactionMs?: number;
}

export const DEFAULT_PGLITE_CONF = ['shared_buffers=16MB'];

export interface PgliteDb extends Db {
  readonly port: number;
  readonly threadId: number;
}

export async function openPglite(opts: PgliteOptions): Promise<PgliteDb> {
  const init: WorkerInit = {
    dataDir: opts.dataDir,
    password: opts.password,
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    postgresqlConf: opts.postgresqlConf ?? DEFAULT_PGLITE_CONF,
    idleInTransactionMs: opts.idleInTransactionMs,
  };
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: init });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let exited = false;
  worker.on('message', (m: ToParent) => events.emit(m.type, m));
  worker.on('error', (err) => events.emit('error', { type: 'error', message: err.message, fatal: true }));
  events.on('error', () => {}); // an 'error' event with no listener would throw in the emitter
  worker.on('exit', () => { exited = true; events.emit('exit'); });

  const port = await new Promise<number>((resolve, reject) => {
    events.once('ready', (m: { port: number }) => resolve(m.port));
    events.once('error', (m: { message: string; fatal?: boolean }) => m.fatal && reject(new Error(`pglite worker failed: ${m.message}`)));
    events.once('exit', () => reject(new Error('pglite worker exited before it was ready')));
  });
  const host = init.host!;
  const url = `postgresql://postgres:${encodeURIComponent(opts.password)}@${host}:${port}/postgres`;
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 8, idleTimeoutMillis: 0 });
  pool.on('error', () => {}); // a dropped idle client is replaced on next use
  const post = (m: ToWorker) => worker.postMessage(m);
  // listen/unlisten resolve once the worker's LISTEN took effect, so a NOTIFY sent right after is seen.
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const request = (type: 'listen' | 'unlisten', channel: string) => new Promise<void>((resolve, reject) => {
    if (exited) return reject(new Error('pglite worker has exited'));
    const id = nextId++;
    pending.set(id, { resolve, reject });
    post({ type, id, channel });
  });
  events.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('pglite worker exited'));
    pending.clear();
  });
  const listeners = new Listeners({
    listen: (channel) => request('listen', channel),
    unlisten: (channel) => request('unlisten', channel).catch((err) => { if (!exited) throw err; }),
  });
  worker.on('message', (m: ToParent) => {
    if (m.type === 'notification') listeners.dispatch(m.channel, m.payload);
    else if (m.type === 'done') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve();
    }
  });

  return {
    engine: 'pglite',
    url,
    pool,
    port,
    threadId: worker.threadId,
    query: (text, params) => pool.query(text, params as unknown[]),
    tx: (fn) => runTx(pool, fn),
    withRole: (ctx, fn) => runTx(pool, fn, ctx),
    listen: (channel, cb) => listeners.add(channel, cb),
    async close() {
      await pool.end();
      if (exited) return;
      const done = new Promise<void>((resolve) => events.once('exit', () => resolve()));
      post({ type: 'close' });
      await done;
    },
  };
}
