// Realtime benchmark: a real in-process stack (PGlite with the base + realtime migrations, the gateway with the
// realtime service, listening on loopback) and the websocket clients in a second process (this file forked with
// `--client`: raw Phoenix vsn 1.0.0 frames over `ws`, no supabase-js), so server and clients don't share an event loop.
// Measures: (1) broadcast fan-out to N subscribers of one channel at stepped send rates (deliveries/s, p50/p95/p99
// send → receive latency, timestamp in the payload, sender and receivers in the client process); (2) postgres change
// commit → client latency under RLS with 100 subscribers (each its own user JWT; a membership policy lets each row
// through to one group of 10), rows inserted through the db handle at a fixed rate, on PGlite and, when
// scripts/pg-server.mjs can start one, on PostgreSQL; (3) server RSS growth per idle connection (sockets open and
// heartbeating, then each joined to a channel).
// Reproduce: npx tsx bench/realtime.ts   (or: npm run bench -- realtime). 10,000 sockets need `ulimit -n` > 10,100 in
// the shell that runs it (each process holds its own side of every socket).
// Env: BENCH_FANOUT_SUBS (1000), BENCH_FANOUT_RATES (10,50,100 msg/s), BENCH_FANOUT_SECONDS (5), BENCH_PG_SUBS (100),
// BENCH_PG_RATE (20 rows/s), BENCH_PG_SECONDS (10), BENCH_IDLE (10000), BENCH_SKIP_PG_SERVER (unset), BENCH_LOG (silent),
// BENCH_PARTS (idle,fanout,changes: the parts to run; the PostgreSQL run belongs to `changes`).
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();

interface Stats { n: number; p50: number; p95: number; p99: number; max: number }
function stats(xs: number[]): Stats {
  const s = xs.slice().sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)] : NaN);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// =====================================================================================================
// Client process: raw Phoenix vsn 1.0.0 sockets, driven over IPC by the parent.
// =====================================================================================================
type Cmd =
  | { id: number; cmd: 'open'; url: string; n: number; concurrency: number }
  | { id: number; cmd: 'join'; joins: { topic: string; payload: Record<string, unknown> }[]; concurrency: number }
  | { id: number; cmd: 'fanout'; topic: string; rate: number; seconds: number; expectPerMsg: number }
  | { id: number; cmd: 'changes' }
  | { id: number; cmd: 'close' };

async function clientMain(): Promise<void> {
  const sockets: WebSocket[] = [];
  const waiters = new Map<string, (m: any) => void>(); // `${socket}:${ref}` → reply
  let onFrame: (i: number, m: any) => void = () => {};
  /** A fast path that sees the raw text first (no JSON.parse of every fan-out frame); true = handled. */
  let onRaw: ((text: string) => boolean) | undefined;
  let ref = 0;
  let beat: NodeJS.Timeout | undefined;

  const send = (i: number, m: Record<string, unknown>) => sockets[i].send(JSON.stringify(m));
  const request = (i: number, m: Record<string, unknown>) => new Promise<any>((resolve, reject) => {
    const r = String(++ref);
    const timer = setTimeout(() => { waiters.delete(`${i}:${r}`); reject(new Error(`no reply to ${m.event} ${m.topic} on socket ${i}`)); }, 30_000);
    waiters.set(`${i}:${r}`, (reply) => { clearTimeout(timer); resolve(reply); });
    send(i, { ...m, ref: r, join_ref: m.event === 'phx_join' ? r : undefined });
  });
  async function pool<T>(n: number, c: number, one: (i: number) => Promise<T>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(c, n) }, async () => { while (next < n) await one(next++); }));
  }
  function open(url: string, i: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets[i] = ws;
      ws.on('message', (data) => {
        const text = data.toString();
        if (onRaw?.(text)) return;
        const m = JSON.parse(text);
        if (m.event === 'phx_reply') {
          const w = waiters.get(`${i}:${m.ref}`);
          if (w) { waiters.delete(`${i}:${m.ref}`); w(m); return; }
        }
        onFrame(i, m);
      });
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  const handle = async (c: Cmd): Promise<unknown> => {
    switch (c.cmd) {
      case 'open': {
        const t = now();
        const base = sockets.length;
        await pool(c.n, c.concurrency, (k) => open(c.url, base + k));
        // realtime-js heartbeats every 25 s; do the same so idle sockets are not dropped as silent
        beat ??= setInterval(() => sockets.forEach((ws, i) => ws.readyState === WebSocket.OPEN && send(i, { topic: 'phoenix', event: 'heartbeat', payload: {}, ref: String(++ref) })), 25_000);
        return { opened: c.n, ms: Math.round(now() - t) };
      }
      case 'join': {
        const t = now();
        let failed = 0;
        let firstError: unknown;
        await pool(c.joins.length, c.concurrency, async (i) => {
          const r = await request(i, { topic: c.joins[i].topic, event: 'phx_join', payload: c.joins[i].payload });
          if (r.payload.status !== 'ok') { failed++; firstError ??= r.payload.response; }
        });
        return { joined: c.joins.length - failed, failed, firstError, ms: Math.round(now() - t) };
      }
      case 'fanout': {
        // socket 0 sends; sockets 1..n receive. Latency = receive time − send time carried in the payload.
        const lat: number[] = [];
        // the payload is {t, seq}: read t straight from the frame text
        onRaw = (text) => {
          const k = text.indexOf('"t":');
          if (k < 0 || !text.includes('"event":"broadcast"')) return false;
          lat.push(now() - parseFloat(text.slice(k + 4)));
          return true;
        };
        const cpu = process.cpuUsage();
        const total = Math.round(c.rate * c.seconds);
        const t0 = now();
        for (let seq = 0; seq < total; seq++) {
          const due = t0 + (seq * 1000) / c.rate;
          const wait = due - now();
          if (wait > 0) await sleep(wait);
          send(0, { topic: c.topic, event: 'broadcast', payload: { type: 'broadcast', event: 'tick', payload: { t: now(), seq } }, ref: null });
        }
        const sendEnd = now();
        const expected = total * c.expectPerMsg;
        const deadline = now() + 10_000;
        while (lat.length < expected && now() < deadline) await sleep(20);
        const lastAt = now();
        const u = process.cpuUsage(cpu);
        onRaw = undefined;
        return {
          sent: total, expected, delivered: lat.length, sendSeconds: (sendEnd - t0) / 1000, drainSeconds: (lastAt - t0) / 1000,
          clientCpuPct: Math.round(((u.user + u.system) / 1000 / (lastAt - t0)) * 100), latency: stats(lat),
        };
      }
      case 'changes': {
        // From now on, record [socket, row id, receive time] of each postgres_changes frame until the next 'changes'.
        const got: [number, number, number][] = [];
        const prev = (globalThis as any).__changes as [number, number, number][] | undefined;
        (globalThis as any).__changes = got;
        onFrame = (i, m) => { if (m.event === 'postgres_changes') got.push([i, Number(m.payload.data.record.id), now()]); };
        return { got: prev ?? [] };
      }
      case 'close': {
        clearInterval(beat);
        beat = undefined;
        onFrame = () => {};
        const all = sockets.splice(0);
        await Promise.all(all.map((ws) => new Promise<void>((r) => {
          if (ws.readyState === WebSocket.CLOSED) return r();
          ws.once('close', () => r());
          ws.close();
          setTimeout(() => { ws.terminate(); r(); }, 5000).unref();
        })));
        return { closed: all.length };
      }
    }
  };
  process.on('message', (c: Cmd) => {
    handle(c).then((result) => process.send!({ id: c.id, result }), (e) => process.send!({ id: c.id, error: String(e?.stack ?? e) }));
  });
  process.on('disconnect', () => process.exit(0));
}

// =====================================================================================================
// Server process: the stack, the database side and the orchestration.
// =====================================================================================================
type Engine = 'pglite' | 'postgres';

async function serverMain(): Promise<void> {
  const { createLogger } = await import('@powabase/core');
  const { baseMigrations, migrate, openPglite, openPostgres } = await import('@powabase/db');
  const { issueProjectKeys, signJwt } = await import('@powabase/keys');
  const { createGateway } = await import('@powabase/gateway');
  const { createRealtimeService, defaultRealtimeConfig, realtimeMigrations } = await import('@powabase/realtime');
  type Db = Awaited<ReturnType<typeof openPglite>>;

  const FANOUT_SUBS = Number(process.env.BENCH_FANOUT_SUBS ?? 1000);
  const FANOUT_RATES = (process.env.BENCH_FANOUT_RATES ?? '10,50,100').split(',').map(Number);
  const FANOUT_SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 5);
  const PG_SUBS = Number(process.env.BENCH_PG_SUBS ?? 100);
  const PG_GROUPS = 10;
  const PG_RATE = Number(process.env.BENCH_PG_RATE ?? 20);
  const PG_SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 10);
  const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
  const log = createLogger({ level: process.env.BENCH_LOG ?? 'silent' });
  const PARTS = new Set((process.env.BENCH_PARTS ?? 'idle,fanout,changes').split(',').map((p) => p.trim()));

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const rssMb = async () => { gc(); await sleep(300); gc(); return process.memoryUsage().rss / 2 ** 20; };

  // ---- the client process and its IPC
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (m: any) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(`client: ${m.error}`)); else p?.resolve(m.result);
  });
  child.on('exit', (code) => { for (const p of pending.values()) p.reject(new Error(`client process exited (${code})`)); });
  const ask = <T = any>(c: Record<string, unknown>): Promise<T> => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    child.send({ ...c, id });
  });

  // ---- the stack
  async function startStack(db: Db) {
    const keys = await issueProjectKeys(`rtbench${Math.floor(Math.random() * 1e6)}`);
    const project = { ref: 'realtime-bench', url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
    const config = defaultRealtimeConfig({ maxConnections: 20_000, maxJoinsPerSecond: 100_000, maxMessagesPerSecond: 100_000 });
    const service = createRealtimeService({ db, project, config, log });
    const app = await createGateway({ project, services: { realtime: service }, log });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    project.url = `http://127.0.0.1:${port}`;
    return {
      project,
      wsUrl: `ws://127.0.0.1:${port}/realtime/v1/websocket?apikey=${encodeURIComponent(keys.anonKey)}&vsn=1.0.0`,
      async close() { await service.close(); await app.close(); },
    };
  }
  type Stack = Awaited<ReturnType<typeof startStack>>;

  const SCHEMA = `
    create table public.bench_members (group_id int not null, user_id uuid not null, primary key (group_id, user_id));
    create table public.bench_items (id bigint generated always as identity primary key, group_id int not null, body text, at double precision);
    alter table public.bench_items enable row level security;
    create policy members_read on public.bench_items for select to authenticated
      using (exists (select 1 from public.bench_members m where m.group_id = bench_items.group_id and m.user_id = auth.uid()));
    grant select on public.bench_members to authenticated;
    alter publication supabase_realtime add table public.bench_items;`;

  // ---- (3) memory per idle connection
  async function idle(stack: Stack) {
    const before = await rssMb();
    const open = await ask({ cmd: 'open', url: stack.wsUrl, n: IDLE, concurrency: 100 });
    await sleep(2000);
    const afterOpen = await rssMb();
    const join = await ask({ cmd: 'join', concurrency: 200, joins: Array.from({ length: IDLE }, (_, i) => ({ topic: `realtime:idle-${i % 100}`, payload: { config: { broadcast: { self: false }, presence: { key: '' } } } })) });
    await sleep(2000);
    const afterJoin = await rssMb();
    await ask({ cmd: 'close' });
    await sleep(1000);
    const afterClose = await rssMb();
    return {
      connections: IDLE,
      open_ms: open.ms,
      join_ms: join.ms,
      joins_failed: join.failed,
      rss_before_mb: Math.round(before),
      rss_open_mb: Math.round(afterOpen),
      rss_joined_mb: Math.round(afterJoin),
      rss_after_close_mb: Math.round(afterClose),
      kb_per_socket: Math.round(((afterOpen - before) * 1024) / IDLE * 10) / 10,
      kb_per_joined_socket: Math.round(((afterJoin - before) * 1024) / IDLE * 10) / 10,
    };
  }

  // ---- (1) broadcast fan-out
  async function fanout(stack: Stack) {
    const topic = 'realtime:fanout';
    await ask({ cmd: 'open', url: stack.wsUrl, n: FANOUT_SUBS + 1, concurrency: 100 });
    const j = await ask({ cmd: 'join', concurrency: 200, joins: Array.from({ length: FANOUT_SUBS + 1 }, () => ({ topic, payload: { config: { broadcast: { self: false, ack: false }, presence: { key: '' } } } })) });
    if (j.failed) throw new Error(`fan-out joins failed: ${JSON.stringify(j.firstError)}`);
    const runs = [];
    for (const rate of FANOUT_RATES) {
      const cpu = process.cpuUsage();
      const r = await ask({ cmd: 'fanout', topic, rate, seconds: FANOUT_SECONDS, expectPerMsg: FANOUT_SUBS });
      const u = process.cpuUsage(cpu);
      runs.push({
        subscribers: FANOUT_SUBS, send_rate: rate, sent: r.sent, delivered: r.delivered, expected: r.expected,
        delivered_per_s: Math.round(r.delivered / r.drainSeconds),
        server_cpu_pct: Math.round(((u.user + u.system) / 1000 / (r.drainSeconds * 1000)) * 100),
        client_cpu_pct: r.clientCpuPct,
        ...r.latency,
      });
      await sleep(500);
    }
    await ask({ cmd: 'close' });
    return runs;
  }

  // ---- (2) postgres changes under RLS
  async function changes(engine: Engine, db: Db, stack: Stack) {
    await db.query(SCHEMA);
    const users = Array.from({ length: PG_SUBS }, (_, i) => ({ id: randomUUID(), group: i % PG_GROUPS }));
    await db.query(`insert into public.bench_members (group_id, user_id) select * from unnest($1::int[], $2::uuid[])`, [users.map((u) => u.group), users.map((u) => u.id)]);
    const tokens = await Promise.all(users.map((u) => signJwt(stack.project.jwtSecret, { sub: u.id, role: 'authenticated', aud: 'authenticated' }, { expiresInS: 3600 })));
    await ask({ cmd: 'open', url: stack.wsUrl, n: PG_SUBS, concurrency: 50 });
    const j = await ask({ cmd: 'join', concurrency: 50, joins: tokens.map((t, i) => ({ topic: `realtime:items-${i}`, payload: { access_token: t, config: { broadcast: { self: false }, presence: { key: '' }, postgres_changes: [{ event: 'INSERT', schema: 'public', table: 'bench_items' }] } } })) });
    if (j.failed) throw new Error(`postgres_changes joins failed: ${JSON.stringify(j.firstError)}`);
    await sleep(500);
    await ask({ cmd: 'changes' });
    const commitAt = new Map<number, { at: number; issued: number; group: number }>();
    const total = Math.round(PG_RATE * PG_SECONDS);
    const t0 = now();
    const inserts: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = t0 + (k * 1000) / PG_RATE;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const group = k % PG_GROUPS;
      const issued = now();
      inserts.push(db.query('insert into public.bench_items (group_id, body, at) values ($1, $2, $3) returning id', [group, `row ${k}`, issued])
        .then(({ rows: [row] }) => { commitAt.set(Number(row.id), { at: now(), issued, group }); }));
    }
    await Promise.all(inserts);
    const expected = total * (PG_SUBS / PG_GROUPS);
    let got: [number, number, number][] = [];
    const deadline = now() + 15_000;
    for (;;) {
      await sleep(500);
      const peek = await ask<{ got: [number, number, number][] }>({ cmd: 'changes' });
      got = got.concat(peek.got);
      if (got.length >= expected || now() > deadline) break;
    }
    await ask({ cmd: 'close' });
    const fromCommit: number[] = [];
    const fromIssue: number[] = [];
    let wrongGroup = 0;
    for (const [sock, id, at] of got) {
      const c = commitAt.get(id);
      if (!c) continue;
      if (users[sock].group !== c.group) wrongGroup++;
      fromCommit.push(at - c.at);
      fromIssue.push(at - c.issued);
    }
    const lc = stats(fromCommit);
    return {
      engine, subscribers: PG_SUBS, rows: total, rate_per_s: PG_RATE, expected_deliveries: expected, delivered: got.length,
      delivered_to_wrong_user: wrongGroup,
      commit_to_client_ms: lc,
      insert_issued_to_client_ms: stats(fromIssue),
    };
  }

  async function withPglite<T>(fn: (db: Db, stack: Stack) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'powabase-bench-realtime-'));
    const db = await openPglite({ dataDir: dir, password: 'pw' });
    try {
      await migrate(db, [baseMigrations(), realtimeMigrations()]);
      const stack = await startStack(db);
      try { return await fn(db, stack); } finally { await stack.close(); }
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  const result: Record<string, unknown> = { node: process.version, started: new Date().toISOString() };
  try {
    await withPglite(async (db, stack) => {
      if (PARTS.has('idle')) {
        process.stderr.write(`idle connections (${IDLE})…\n`);
        result.idle = await idle(stack).catch((e) => ({ error: String(e) }));
      }
      if (PARTS.has('fanout')) {
        process.stderr.write(`broadcast fan-out (${FANOUT_SUBS} subscribers, rates ${FANOUT_RATES})…\n`);
        result.fanout = await fanout(stack);
      }
      if (PARTS.has('changes')) {
        process.stderr.write(`postgres changes on PGlite…\n`);
        result.changes = [await changes('pglite', db, stack)];
      }
    });
    if (PARTS.has('changes') && !process.env.BENCH_SKIP_PG_SERVER) {
      process.stderr.write(`postgres changes on PostgreSQL…\n`);
      const pgs = await (import('../scripts/pg-server.mjs' as string) as Promise<{ startPgServer(): Promise<{ url: string; stop(): Promise<void> }> }>)
        .then((m) => m.startPgServer()).catch((e) => ({ error: String(e) }));
      if ('error' in pgs) (result.changes as unknown[]).push({ engine: 'postgres', skipped: pgs.error });
      else {
        try {
          const db = await openPostgres({ url: pgs.url }) as Db;
          try {
            await migrate(db, [baseMigrations(), realtimeMigrations()]);
            const stack = await startStack(db);
            try { (result.changes as unknown[]).push(await changes('postgres', db, stack)); } finally { await stack.close(); }
          } finally { await db.close(); }
        } finally { await pgs.stop(); }
      }
    }
  } finally {
    child.disconnect();
  }

  console.log(JSON.stringify(result, null, 2));
  console.log(markdown(result));
}

function markdown(r: any): string {
  const lines = ['', '| measurement | value |', '|---|---|'];
  for (const f of r.fanout ?? []) {
    lines.push(`| fan-out ${f.subscribers} subs @ ${f.send_rate} msg/s: delivered | ${f.delivered}/${f.expected} (${f.delivered_per_s} msg/s; CPU server ${f.server_cpu_pct}%, clients ${f.client_cpu_pct}%) |`);
    lines.push(`| fan-out ${f.subscribers} subs @ ${f.send_rate} msg/s: latency p50/p95/p99/max ms | ${f.p50} / ${f.p95} / ${f.p99} / ${f.max} (target p95 < 50) |`);
  }
  for (const c of r.changes ?? []) {
    if (c.skipped) { lines.push(`| postgres changes (${c.engine}) | skipped: ${c.skipped} |`); continue; }
    const l = c.commit_to_client_ms;
    lines.push(`| postgres changes (${c.engine}) ${c.subscribers} subs, ${c.rate_per_s} rows/s × ${c.rows / c.rate_per_s} s: delivered | ${c.delivered}/${c.expected_deliveries} (wrong user: ${c.delivered_to_wrong_user}) |`);
    lines.push(`| postgres changes (${c.engine}) commit → client p50/p95/p99/max ms | ${l.p50} / ${l.p95} / ${l.p99} / ${l.max} (target p95 < 100) |`);
  }
  const i = r.idle;
  if (i?.error) lines.push(`| idle connections | error: ${i.error} |`);
  else if (i) {
    lines.push(`| idle sockets open | ${i.connections} (in ${i.open_ms} ms) |`);
    lines.push(`| server RSS before / open / each joined to a channel / after close MB | ${i.rss_before_mb} / ${i.rss_open_mb} / ${i.rss_joined_mb} / ${i.rss_after_close_mb} |`);
    lines.push(`| RSS growth per idle socket KB (open / joined) | ${i.kb_per_socket} / ${i.kb_per_joined_socket} |`);
    lines.push(`| server RSS with ${i.connections} joined sockets MB | ${i.rss_joined_mb} (target < 1024; includes the in-process PGlite worker) |`);
  }
  return lines.join('\n');
}

if (process.argv.includes('--client')) await clientMain();
else await serverMain();
