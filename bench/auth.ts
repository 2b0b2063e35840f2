// Auth benchmark, with concurrency: password sign-in throughput and p50/p99 against raw bcrypt verify (same cost,
// same concurrency), and refresh-token grant throughput against the raw SQL of a rotation (same concurrency).
// Embedded engine (PGlite in its worker); the gateway with the auth service listens on loopback and autocannon
// drives it in-process (the client's CPU is on the same 2 cores). Each measurement is repeated and alternated
// with its baseline (the machine is shared): figures are medians, ratios are medians of the paired runs, with
// their spread. CPU ms per operation (whole process: server, PGlite worker, client) is less sensitive to other
// load than throughput; signin_to_bcrypt_cpu_ratio is the throughput ratio a CPU-bound machine would show.
// Reproduce: npx tsx bench/auth.ts   (or: npm run bench -- auth)
// Env: BENCH_CONCURRENCY (8), BENCH_REPEAT (5), BENCH_SIGNINS (64), BENCH_REFRESHES (2000), BENCH_LOG (silent).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon, { type Request } from 'autocannon';
import { createLogger, projectRef, secret, uuid } from '@powabase/core';
import { baseMigrations, migrate, openPglite, type Db } from '@powabase/db';
import { hashPassword, issueProjectKeys, verifyPassword } from '@powabase/keys';
import { nullMailer } from '@powabase/mail';
import { createGateway } from '@powabase/gateway';
import { authMigrations, createAuthService, parseAuthConfig } from '@powabase/auth';

const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 64);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 2000);
const COST = 10;
const PASSWORD = 'correct-horse-9';

interface Run { perS: number; cpuMsPerOp: number; p50?: number; p99?: number }
interface Timed { p50?: number; p99?: number; seconds?: number }

/** Runs `fn` (which performs `n` operations), timing wall clock (or the seconds `fn` reports) and the process's CPU. */
async function measure(n: number, fn: () => Promise<Timed>): Promise<Run> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const { seconds, ...lat } = await fn();
  const s = seconds ?? (performance.now() - t) / 1000;
  const u = process.cpuUsage(cpu);
  return { perS: n / s, cpuMsPerOp: (u.user + u.system) / 1000 / n, ...lat };
}

/** `n` operations over `c` parallel loops; latencies of each. */
async function loops(n: number, c: number, one: (worker: number) => Promise<void>): Promise<{ p50: number; p99: number }> {
  const lat: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: c }, async (_, w) => {
    while (next++ < n) {
      const t = performance.now();
      await one(w);
      lat.push(performance.now() - t);
    }
  }));
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.floor((lat.length - 1) * p))];
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * `amount` POSTs of `req` over C keep-alive connections (one request in flight on each). Timed to the last
 * response: autocannon itself notices the end on a 1 s tick, which would round every run up to whole seconds.
 */
async function cannon(amount: number, req: Request): Promise<Timed> {
  let done = 0;
  let end = 0;
  const t = performance.now();
  const onResponse: Request['onResponse'] = (status, body, context) => {
    req.onResponse?.(status, body, context);
    if (++done === amount) end = performance.now();
  };
  const r = await autocannon({ url, amount, connections: C, pipelining: 1, timeout: 60, requests: [{ method: 'POST', headers, ...req, onResponse }] });
  if (r.non2xx || r.errors || r.timeouts || r['2xx'] !== amount) {
    throw new Error(`${req.path}: ${r['2xx']} ok of ${amount}, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return { p50: r.latency.p50, p99: r.latency.p99, seconds: (end - t) / 1000 };
}

// ---- the stack
const dir = await mkdtemp(join(tmpdir(), 'powabase-bench-auth-'));
const db = await openPglite({ dataDir: dir, password: secret(12) });
await migrate(db, [baseMigrations(), authMigrations()]);
const ref = projectRef();
const keys = await issueProjectKeys(ref);
const project = { ref, url: 'http://127.0.0.1:1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
const config = parseAuthConfig({
  autoconfirm: true,
  rateLimits: { tokenRefresh: { count: 1e9, periodS: 1 }, otp: { count: 1e9, periodS: 1 } },
}, project);
const log = createLogger({ level: process.env.BENCH_LOG ?? 'silent' });
const app = await createGateway({ project, services: { auth: createAuthService({ db, project, config, mailer: nullMailer, log }) } });
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const headers = { apikey: keys.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' };
const post = async (path: string, body: unknown) => {
  const r = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ refresh_token: string }>;
};
const signinBody = JSON.stringify({ email: 'bench@example.test', password: PASSWORD });
await post('/auth/v1/signup', { email: 'bench@example.test', password: PASSWORD });
const hash = await hashPassword(PASSWORD, COST);

// ---- the measurements
const rawBcrypt = () => measure(SIGNINS, () => loops(SIGNINS, C, async () => {
  if (!(await verifyPassword(PASSWORD, hash))) throw new Error('bcrypt');
}));
const signin = () => measure(SIGNINS, () => cannon(SIGNINS, { path: '/auth/v1/token?grant_type=password', body: signinBody }));

/** Refresh through HTTP: a pool of C session chains; each request takes one, its answer puts the next back. */
async function refresh(): Promise<Run> {
  const pool: string[] = [];
  for (let i = 0; i < C; i++) pool.push((await post('/auth/v1/token?grant_type=password', JSON.parse(signinBody))).refresh_token);
  return measure(REFRESHES, () => cannon(REFRESHES, {
    path: '/auth/v1/token?grant_type=refresh_token',
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ refresh_token: pool.pop() }) }),
    onResponse: (status, body) => { if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token); },
  }));
}

/** C chains of raw tokens in sessions of the bench user, for the SQL baselines. */
async function rawChains(): Promise<{ token: string; session: string; user: string }[]> {
  const user = (await db.query<{ id: string }>("select id from auth.users where email = 'bench@example.test'")).rows[0].id;
  const out = [];
  for (let i = 0; i < C; i++) {
    const session = uuid();
    const token = `bench-raw-${secret(12)}`;
    await db.query("insert into auth.sessions (id, user_id, created_at, updated_at, aal) values ($1, $2, now(), now(), 'aal1')", [session, user]);
    await db.query('insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id) values ($1, $2, false, now(), now(), $3)', [token, user, session]);
    out.push({ token, session, user });
  }
  return out;
}

/** The SQL a rotation needs, as a client would send it: lock the token, revoke it, insert its child, touch the session. */
async function rawSqlRotation(d: Db): Promise<Run> {
  const chains = await rawChains();
  let seq = 0;
  return measure(REFRESHES, () => loops(REFRESHES, C, async (w) => {
    const ch = chains[w];
    const next = `${ch.token.split(':')[0]}:${++seq}`;
    await d.tx(async (c) => {
      const t = (await c.query<{ id: string }>('select id from auth.refresh_tokens where token = $1 and not revoked for update', [ch.token])).rows[0];
      await c.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [t.id]);
      await c.query("insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id) values ($1, $2, false, now(), now(), $3, $4)",
        [next, ch.user, ch.token, ch.session]);
      await c.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [ch.session]);
    });
    ch.token = next;
  }));
}

/** The grant's own database call (migrations/0002), without HTTP, JWT or JSON: the service's floor. */
async function grantSql(d: Db): Promise<Run> {
  const chains = await rawChains();
  let seq = 0;
  return measure(REFRESHES, () => loops(REFRESHES, C, async (w) => {
    const ch = chains[w];
    const next = `${ch.token.split(':')[0]}:${++seq}`;
    const r = await d.query('select r.s_id, r.s_aal, (r.usr).*, r.identities, r.factors, r.amr from auth.powabase_rotate_refresh_token($1, $2, $3) r',
      [ch.token, next, new Date()]);
    if (!r.rowCount) throw new Error('rotation refused');
    ch.token = next;
  }));
}

// warm up every path (JIT, plan caches, connections)
for (let i = 0; i < 4; i++) { await verifyPassword(PASSWORD, hash); await post('/auth/v1/token?grant_type=password', JSON.parse(signinBody)); }
const runs: Record<string, Run[]> = { raw_bcrypt: [], signin: [], raw_sql_rotation: [], grant_sql: [], refresh: [] };
for (let r = 0; r < REPEAT; r++) {
  runs.raw_bcrypt.push(await rawBcrypt());
  runs.signin.push(await signin());
  runs.raw_sql_rotation.push(await rawSqlRotation(db));
  runs.grant_sql.push(await grantSql(db));
  runs.refresh.push(await refresh());
}

await app.close();
await db.close();
await rm(dir, { recursive: true, force: true });

// ---- the report
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const stat = (k: string, f: keyof Run) => median(runs[k].map((x) => x[f] as number));
const spread = (k: string) => `${Math.round(Math.min(...runs[k].map((x) => x.perS)))}-${Math.round(Math.max(...runs[k].map((x) => x.perS)))}`;
const ratios = (a: string, b: string) => runs[a].map((x, i) => x.perS / runs[b][i].perS);
const result = {
  engine: 'pglite',
  bcrypt_cost: COST,
  concurrency: C,
  repeats: REPEAT,
  raw_bcrypt_verify_per_s: r1(stat('raw_bcrypt', 'perS')),
  signin_per_s: r1(stat('signin', 'perS')),
  signin_per_s_spread: spread('signin'),
  signin_p50_ms: r1(stat('signin', 'p50')),
  signin_p99_ms: r1(stat('signin', 'p99')),
  signin_to_bcrypt_ratio: r2(median(ratios('signin', 'raw_bcrypt'))),
  signin_to_bcrypt_ratio_spread: ratios('signin', 'raw_bcrypt').map(r2).join(' / '),
  raw_bcrypt_cpu_ms: r1(stat('raw_bcrypt', 'cpuMsPerOp')),
  signin_cpu_ms: r1(stat('signin', 'cpuMsPerOp')),
  signin_to_bcrypt_cpu_ratio: r2(stat('raw_bcrypt', 'cpuMsPerOp') / stat('signin', 'cpuMsPerOp')),
  refresh_per_s: r1(stat('refresh', 'perS')),
  refresh_per_s_spread: spread('refresh'),
  refresh_p50_ms: r1(stat('refresh', 'p50')),
  refresh_p99_ms: r1(stat('refresh', 'p99')),
  refresh_cpu_ms_per_grant: r2(stat('refresh', 'cpuMsPerOp')),
  raw_sql_rotation_per_s: r1(stat('raw_sql_rotation', 'perS')),
  raw_sql_rotation_per_s_spread: spread('raw_sql_rotation'),
  raw_sql_rotation_cpu_ms: r2(stat('raw_sql_rotation', 'cpuMsPerOp')),
  refresh_to_raw_sql_ratio: r2(median(ratios('refresh', 'raw_sql_rotation'))),
  refresh_to_raw_sql_ratio_spread: ratios('refresh', 'raw_sql_rotation').map(r2).join(' / '),
  grant_sql_per_s: r1(stat('grant_sql', 'perS')),
  grant_sql_cpu_ms: r2(stat('grant_sql', 'cpuMsPerOp')),
  refresh_to_grant_sql_ratio: r2(median(ratios('refresh', 'grant_sql'))),
};
console.log(JSON.stringify(result, null, 2));
console.log('\n| metric | value |\n|---|---|');
for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${v} |`);
