// Auth benchmark: password sign-in throughput and p50/p99 against raw bcrypt verify in the same run (same
// cost, same concurrency), and refresh-token grant throughput against the raw SQL of a rotation.
// Embedded engine (PGlite in its worker), requests through the gateway in-process (fastify inject).
// Reproduce: npm run bench -- auth   (or: npx tsx bench/auth.ts)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, projectRef, secret } from '@powabase/core';
import { baseMigrations, migrate, openPglite } from '@powabase/db';
import { hashPassword, issueProjectKeys, verifyPassword } from '@powabase/keys';
import { nullMailer } from '@powabase/mail';
import { createGateway } from '@powabase/gateway';
import { authMigrations, createAuthService, parseAuthConfig } from '@powabase/auth';

const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 200);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 1000);
// 1 by default: concurrent statements outside transactions currently break on the PGlite socket ("portal does not exist").
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const COST = 10;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];

async function run(n: number, concurrency: number, one: (i: number) => Promise<void>): Promise<{ perS: number; lat: number[] }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await one(i);
      lat.push(performance.now() - t);
    }
  }));
  return { perS: n / ((performance.now() - t0) / 1000), lat };
}

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
const app = await createGateway({ project, services: { auth: createAuthService({ db, project, config, mailer: nullMailer, log: createLogger({ level: process.env.BENCH_LOG ?? 'silent' }) }) } });
const headers = { apikey: keys.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' };
const post = async (url: string, body: unknown) => {
  const r = await app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
};

await post('/auth/v1/signup', { email: 'bench@example.test', password: 'correct-horse-9' });
const hash = await hashPassword('correct-horse-9', COST);

// warm up both paths
for (let i = 0; i < 8; i++) { await verifyPassword('correct-horse-9', hash); await post('/auth/v1/token?grant_type=password', { email: 'bench@example.test', password: 'correct-horse-9' }); }

const raw = await run(SIGNINS, CONCURRENCY, async () => { if (!(await verifyPassword('correct-horse-9', hash))) throw new Error('bcrypt'); });
const signin = await run(SIGNINS, CONCURRENCY, async () => {
  await post('/auth/v1/token?grant_type=password', { email: 'bench@example.test', password: 'correct-horse-9' });
});

// refresh: one session per worker, each rotating its own chain
const chains: string[] = [];
for (let i = 0; i < CONCURRENCY; i++) chains.push((await post('/auth/v1/token?grant_type=password', { email: 'bench@example.test', password: 'correct-horse-9' })).refresh_token);
let w = 0;
const refresh = await run(REFRESHES, CONCURRENCY, async () => {
  const k = w++ % CONCURRENCY;
  chains[k] = (await post('/auth/v1/token?grant_type=refresh_token', { refresh_token: chains[k] })).refresh_token;
});

// raw SQL of a rotation: lock the token, revoke it, insert its child (what the grant must do at least)
const sid = (await db.query<{ session_id: string; user_id: string }>('select session_id, user_id from auth.refresh_tokens limit 1')).rows[0];
let rawTok = 'bench-raw-0';
await db.query("insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id) values ($1, $2, false, now(), now(), $3)", [rawTok, sid.user_id, sid.session_id]);
let seq = 0;
const rawSql = await run(REFRESHES, 1, async () => {
  const next = `bench-raw-${++seq}`;
  await db.tx(async (c) => {
    const t = (await c.query('select id from auth.refresh_tokens where token = $1 for update', [rawTok])).rows[0];
    await c.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [t.id]);
    await c.query("insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id) values ($1, $2, false, now(), now(), $3, $4)", [next, sid.user_id, rawTok, sid.session_id]);
  });
  rawTok = next;
});

await app.close();
await db.close();
await rm(dir, { recursive: true, force: true });

const r1 = (x: number) => Math.round(x * 10) / 10;
const result = {
  bcrypt_cost: COST,
  concurrency: CONCURRENCY,
  raw_bcrypt_verify_per_s: r1(raw.perS),
  signin_per_s: r1(signin.perS),
  signin_p50_ms: r1(pct(signin.lat, 0.5)),
  signin_p99_ms: r1(pct(signin.lat, 0.99)),
  signin_to_bcrypt_ratio: Math.round((signin.perS / raw.perS) * 100) / 100,
  refresh_per_s: r1(refresh.perS),
  refresh_p50_ms: r1(pct(refresh.lat, 0.5)),
  refresh_p99_ms: r1(pct(refresh.lat, 0.99)),
  raw_sql_rotation_per_s: r1(rawSql.perS),
  refresh_to_raw_sql_ratio: Math.round((refresh.perS / rawSql.perS) * 100) / 100,
};
console.log(JSON.stringify(result, null, 2));
console.log('\n| metric | value |\n|---|---|');
for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${v} |`);
