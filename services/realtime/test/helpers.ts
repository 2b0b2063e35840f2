// Test stack: a real database (PGlite in a temp folder, or a fresh database on TEST_PG_URL) with the base and
// realtime migrations, the gateway with the realtime service mounted, listening on port 0; supabase-js
// clients over `ws`; collectors that await events (with a guard) instead of sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { baseMigrations, migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { issueProjectKeys, signJwt } from '@powabase/keys';
import { createLogger, type Logger, type ProjectInfo } from '@powabase/core';
import { Writable } from 'node:stream';
import { createGateway } from '@powabase/gateway';
import { createRealtimeService, defaultRealtimeConfig, realtimeMigrations, type RealtimeConfig, type RealtimeService } from '../src/index.ts';

export type Engine = 'pglite' | 'postgres';
export const GUARD_MS = 8000;

/** The engines to run scenarios on: PGlite always, PostgreSQL when TEST_PG_URL is set. */
export function engines(): { engine: Engine; skip: string | false }[] {
  return [
    { engine: 'pglite', skip: false },
    { engine: 'postgres', skip: process.env.TEST_PG_URL ? false : 'TEST_PG_URL not set' },
  ];
}

export interface TestDb { db: Db; drop(): Promise<void> }

export async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'powabase-realtime-'));
    const db = await openPglite({ dataDir: dir, password: 'pw' });
    await migrate(db, [baseMigrations(), realtimeMigrations()]);
    return { db, async drop() { await db.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const admin = process.env.TEST_PG_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString() });
  await migrate(db, [baseMigrations(), realtimeMigrations()]);
  return {
    db,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface Stack {
  db: Db;
  project: ProjectInfo;
  app: FastifyInstance;
  service: RealtimeService;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

export interface StackOptions {
  log?: Logger;
  /** Reuse a project (keys) and port: a restarted server. */
  project?: ProjectInfo;
  port?: number;
}

export async function startStack(db: Db, config: Partial<RealtimeConfig> = {}, o: StackOptions = {}): Promise<Stack> {
  const keys = await issueProjectKeys(`rt${randomBytes(3).toString('hex')}`);
  const project: ProjectInfo = o.project ?? { ref: 'realtime-test', url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  const service = createRealtimeService({ db, project, config: defaultRealtimeConfig(config), log: o.log });
  const app = await createGateway({ project, services: { realtime: service } });
  await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  project.url = url;
  return {
    db, project, app, service, url, wsUrl: `ws://127.0.0.1:${port}/realtime/v1/websocket`,
    async close() {
      await service.close();
      await app.close();
    },
  };
}

export function userToken(project: ProjectInfo, sub: string = randomUUID(), opts: { expiresInS?: number; extra?: Record<string, unknown> } = {}): Promise<string> {
  return signJwt(project.jwtSecret, { sub, role: 'authenticated', aud: 'authenticated', ...opts.extra }, { expiresInS: opts.expiresInS ?? 3600 });
}

const clients: SupabaseClient[] = [];
const tokens = new WeakMap<SupabaseClient, { token: string }>();

/**
 * A supabase-js client on the stack. With `token` (a user JWT) the client's accessToken callback returns it,
 * as with a signed-in session: realtime-js re-reads it after each join and heartbeat.
 */
export async function client(stack: Stack, opts: { token?: string; vsn?: '1.0.0' | '2.0.0'; key?: string } = {}): Promise<SupabaseClient> {
  const holder = { token: opts.token ?? '' };
  const c = createClient(stack.url, opts.key ?? stack.project.anonKey, {
    realtime: { transport: WebSocket as never, ...(opts.vsn ? { vsn: opts.vsn } : {}) },
    auth: { persistSession: false, autoRefreshToken: false },
    ...(opts.token ? { accessToken: async () => holder.token } : {}),
  });
  if (opts.token) {
    tokens.set(c, holder);
    await c.realtime.setAuth();
  }
  clients.push(c);
  return c;
}

/** Changes the client's token and pushes it to its joined channels (access_token). */
export async function setToken(c: SupabaseClient, token: string): Promise<void> {
  tokens.get(c)!.token = token;
  await c.realtime.setAuth();
}

export async function closeClients(): Promise<void> {
  for (const c of clients.splice(0)) {
    await c.removeAllChannels().catch(() => {});
    c.realtime.disconnect();
  }
}

/** Subscribes and resolves on SUBSCRIBED; rejects on CHANNEL_ERROR / TIMED_OUT / CLOSED or after the guard. */
export function subscribed(ch: RealtimeChannel, guardMs = GUARD_MS): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${ch.topic}: not subscribed within ${guardMs} ms`)), guardMs);
    ch.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') { clearTimeout(timer); resolve(ch); } else { clearTimeout(timer); reject(Object.assign(new Error(`${ch.topic}: ${status} ${err?.message ?? ''}`), { status })); }
    });
  });
}

/** Collects values; next(n) resolves once n have arrived in all, or rejects after the guard. */
export function inbox<T = any>(guardMs = GUARD_MS) {
  const got: T[] = [];
  const waiters: { n: number; resolve: (v: T[]) => void }[] = [];
  return {
    got,
    push(v: T) {
      got.push(v);
      for (const w of waiters.splice(0)) {
        if (got.length >= w.n) w.resolve(got.slice());
        else waiters.push(w);
      }
    },
    next(n: number): Promise<T[]> {
      if (got.length >= n) return Promise.resolve(got.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} events, got ${got.length}: ${JSON.stringify(got).slice(0, 500)}`)), guardMs);
        waiters.push({ n, resolve: (v) => { clearTimeout(timer); resolve(v); } });
      });
    },
  };
}

/** Resolves with the first value `pred` accepts from an event source, or rejects after the guard. */
export function once<T>(register: (cb: (v: T) => void) => void, pred: (v: T) => boolean = () => true, guardMs = GUARD_MS, what = 'event'): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => { done = true; reject(new Error(`no ${what} within ${guardMs} ms`)); }, guardMs);
    register((v) => {
      if (done || !pred(v)) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** A raw websocket speaking Phoenix frames, for protocol-level tests. */
export async function rawSocket(stack: Stack, query = 'vsn=2.0.0', key?: string) {
  const ws = new WebSocket(`${stack.wsUrl}?apikey=${encodeURIComponent(key ?? stack.project.anonKey)}&${query}`);
  const frames = inbox<{ data: Buffer | string; binary: boolean }>();
  ws.on('message', (data, binary) => frames.push({ data: binary ? (data as Buffer) : data.toString(), binary }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await once<void>((cb) => ws.once('open', () => cb()), () => true, GUARD_MS, 'open');
  const json = () => frames.got.filter((f) => !f.binary).map((f) => JSON.parse(f.data as string));
  let cursor = 0;
  return {
    ws, frames, closed, json,
    send: (v: unknown) => ws.send(typeof v === 'string' || Buffer.isBuffer(v) ? (v as string) : JSON.stringify(v)),
    /** Resolves with the first JSON frame (decoded) accepted by pred. */
    async expect(pred: (m: any) => boolean, what = 'frame'): Promise<any> {
      for (let n = cursor + 1; ; n++) {
        const all = await frames.next(n).catch(() => { throw new Error(`no ${what}; got ${JSON.stringify(json()).slice(0, 800)}`); });
        const f = all[n - 1];
        if (!f.binary) {
          const m = JSON.parse(f.data as string);
          if (pred(m)) { cursor = n; return m; }
        }
      }
    },
  };
}

/** Register `poke` as a callback before subscribing; `until(pred)` resolves once pred holds (checked on each poke). */
export function condition(guardMs = GUARD_MS) {
  const waiters = new Set<{ pred: () => boolean; resolve: () => void }>();
  return {
    poke() {
      for (const w of [...waiters]) if (w.pred()) { waiters.delete(w); w.resolve(); }
    },
    until(pred: () => boolean, what = 'condition'): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: () => { clearTimeout(timer); resolve(); } };
        const timer = setTimeout(() => { waiters.delete(w); reject(new Error(`${what} not reached within ${guardMs} ms`)); }, guardMs);
        waiters.add(w);
      });
    },
  };
}

/** A logger whose typed events can be awaited: `waitFor('socket_dropped', e => e.reason === 'idle')`. */
export function logSink(guardMs = GUARD_MS) {
  const events = inbox<Record<string, any>>(guardMs);
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) events.push(JSON.parse(line));
      cb();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  return {
    log,
    events,
    async waitFor(event: string, pred: (e: Record<string, any>) => boolean = () => true): Promise<Record<string, any>> {
      for (let n = 1; ; n++) {
        const all = await events.next(n).catch(() => { throw new Error(`no ${event} event logged`); });
        const e = all[n - 1];
        if (e.event === event && pred(e)) return e;
      }
    },
  };
}
