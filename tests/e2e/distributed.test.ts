// Black-box: the distributed mode on one machine. A fresh database on TEST_PG_URL, `migrate` run to completion,
// then rest, auth, storage, realtime and api as separate processes (apps/server/bin/service.mjs, as containers
// run it) and the gateway proxying to them; driven with supabase-js. Imports no src/. Skips without TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import ws from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { ROOT, freePort } from './lib/platform.ts';

const PG = process.env.TEST_PG_URL;
const skip = PG ? false : 'TEST_PG_URL not set';
const BIN = join(ROOT, 'apps/server/bin/service.mjs');
const SERVICES = ['rest', 'auth', 'storage', 'realtime', 'api'] as const;

interface Proc { name: string; child: ChildProcess; log: () => string; exited: Promise<number | null> }

const procs: Proc[] = [];
let admin: pg.Client | null = null;
let dbName = '';
let dbUrl = '';
let dir = '';
let url = '';
const keys = { jwtSecret: randomBytes(32).toString('hex'), anon: '', service: '' };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function sign(secret: string, claims: Record<string, unknown>): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function run(name: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN], { cwd: ROOT, env: { ...process.env, POWABASE_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => { log = (log + d).slice(-20_000); });
  const p: Proc = { name, child, log: () => log, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
  procs.push(p);
  return p;
}

/** Resolves when the process logged `service_started`; rejects with its log if it exits first. */
function started(p: Proc, timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${p.name} not started in ${timeoutMs} ms:\n${p.log()}`)), timeoutMs);
    const check = () => { if (p.log().includes('"event":"service_started"')) { clearTimeout(timer); resolve(); } };
    p.child.stderr!.on('data', check);
    void p.exited.then((code) => { clearTimeout(timer); reject(new Error(`${p.name} exited with ${code}:\n${p.log()}`)); });
  });
}

before(async () => {
  if (skip) return;
  admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  dbName = `t_dist_${randomBytes(5).toString('hex')}`;
  await admin.query(`create database ${dbName}`);
  const u = new URL(PG!);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();
  dir = mkdtempSync(join(tmpdir(), 'powabase-dist-'));

  const now = Math.floor(Date.now() / 1000);
  keys.anon = sign(keys.jwtSecret, { role: 'anon', iss: 'powabase', ref: 'distributedtestproj', iat: now, exp: now + 3600 });
  keys.service = sign(keys.jwtSecret, { role: 'service_role', iss: 'powabase', ref: 'distributedtestproj', iat: now, exp: now + 3600 });
  const gatewayPort = await freePort();
  url = `http://127.0.0.1:${gatewayPort}`;
  const common = {
    POWABASE_PROJECT_REF: 'distributedtestproj', POWABASE_PROJECT_URL: url, POWABASE_DB_URL: dbUrl,
    POWABASE_JWT_SECRET: keys.jwtSecret, POWABASE_ANON_KEY: keys.anon, POWABASE_SERVICE_KEY: keys.service,
    POWABASE_HOST: '127.0.0.1', POWABASE_STORAGE_DIR: join(dir, 'storage'), POWABASE_AUTH_AUTOCONFIRM: 'true',
  };

  const migrate = run('migrate', { ...common, POWABASE_SERVICE: 'migrate' });
  assert.equal(await migrate.exited, 0, `migrate failed:\n${migrate.log()}`);

  const upstream: Record<string, string> = {};
  const up: Promise<void>[] = [];
  for (const s of SERVICES) {
    const port = await freePort();
    upstream[`POWABASE_UPSTREAM_${s.toUpperCase()}`] = `http://127.0.0.1:${port}`;
    up.push(started(run(s, { ...common, POWABASE_SERVICE: s, POWABASE_PORT: String(port), POWABASE_TRUST_PROXY: '127.0.0.1' })));
  }
  up.push(started(run('gateway', { ...common, POWABASE_SERVICE: 'gateway', POWABASE_PORT: String(gatewayPort), ...upstream })));
  await Promise.all(up);
});

after(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  if (admin) {
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const client = (token?: string): SupabaseClient => createClient(url, keys.anon, {
  realtime: { transport: ws as never },
  auth: { persistSession: false, autoRefreshToken: false },
  ...(token ? { global: { headers: { Authorization: `Bearer ${token}` } } } : {}),
});

async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try { return await c.query(text, params); } finally { await c.end(); }
}

let user: { id: string; token: string };

test('the gateway checks the apikey before any service', { skip }, async () => {
  const res = await fetch(`${url}/rest/v1/anything`);
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { message: 'No API key found in request' });
  assert.equal((await fetch(`${url}/api/health`)).status, 200);
});

test('auth through the gateway: sign-up with autoconfirm gives a session', { skip }, async () => {
  const r = await client().auth.signUp({ email: 'ada@example.com', password: 'correct horse battery staple' });
  assert.equal(r.error, null);
  assert.ok(r.data.session, 'autoconfirm: a session at once');
  user = { id: r.data.user!.id, token: r.data.session!.access_token };
});

test('rest: insert and select under RLS as the user, nothing for anon', { skip }, async () => {
  await sql(`create table public.notes (id serial primary key, user_id uuid not null default auth.uid(), body text)`);
  await sql(`alter table public.notes enable row level security`);
  await sql(`create policy own on public.notes for all to authenticated using (user_id = auth.uid()) with check (user_id = auth.uid())`);
  await sql(`grant all on public.notes to anon, authenticated; grant usage on sequence public.notes_id_seq to authenticated`);
  await sql(`insert into public.notes (user_id, body) values (gen_random_uuid(), 'not mine')`);
  const asUser = client(user.token);
  let ins = await asUser.from('notes').insert({ body: 'mine' }).select('body').single();
  // The schema cache reloads on the DDL's NOTIFY, a moment after; one retry covers that race.
  if (ins.error?.code === 'PGRST205') ins = await asUser.from('notes').insert({ body: 'mine' }).select('body').single();
  assert.equal(ins.error, null);
  const mine = await asUser.from('notes').select('body');
  assert.equal(mine.error, null);
  assert.deepEqual(mine.data, [{ body: 'mine' }]);
  const forged = await asUser.from('notes').insert({ user_id: '00000000-0000-0000-0000-000000000000', body: 'forged' });
  assert.equal(forged.error?.code, '42501');
  const anon = await client().from('notes').select();
  assert.deepEqual(anon.data ?? [], []);
  const forgedToken = sign('another-secret', { role: 'authenticated', sub: user.id, exp: Math.floor(Date.now() / 1000) + 60 });
  const bad = await client(forgedToken).from('notes').select();
  assert.equal(bad.error?.code, 'PGRST301', 'the rest service re-verifies the JWT and answers in its own format');
});

test('storage: upload and download under RLS through the proxy', { skip }, async () => {
  await sql(`insert into storage.buckets (id, name, public) values ('docs', 'docs', false)`);
  await sql(`create policy own_folder on storage.objects for all to authenticated
    using (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text)
    with check (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text)`);
  const asUser = client(user.token);
  const body = new TextEncoder().encode('hello from ada, distributed');
  const up = await asUser.storage.from('docs').upload(`${user.id}/note.txt`, body, { contentType: 'text/plain' });
  assert.equal(up.error, null);
  const other = await asUser.storage.from('docs').upload('someone-else/note.txt', body, { contentType: 'text/plain' });
  assert.ok(other.error, 'RLS refuses a write outside the own folder');
  const down = await asUser.storage.from('docs').download(`${user.id}/note.txt`);
  assert.equal(down.error, null);
  assert.equal(await down.data!.text(), 'hello from ada, distributed');
  const anon = await client().storage.from('docs').download(`${user.id}/note.txt`);
  assert.ok(anon.error, 'anon cannot read a private bucket');
});

test('realtime: a broadcast goes through the proxied websocket', { skip }, async () => {
  const a = client();
  const b = client();
  const got = new Promise<unknown>((resolve) => {
    b.channel('room-1').on('broadcast', { event: 'hi' }, (m) => resolve(m.payload)).subscribe();
  });
  const subscribed = (c: SupabaseClient, name: string) => new Promise<ReturnType<SupabaseClient['channel']>>((resolve, reject) => {
    const ch = c.channel(name);
    ch.subscribe((status) => { if (status === 'SUBSCRIBED') resolve(ch); else if (status !== 'CLOSED') reject(new Error(status)); });
  });
  // wait until b is joined too: its channel is the only one on b's socket
  await new Promise<void>((resolve) => { const t = setInterval(() => { if (b.getChannels()[0]?.state === 'joined') { clearInterval(t); resolve(); } }, 20); });
  const sender = await subscribed(a, 'room-1');
  assert.equal(await sender.send({ type: 'broadcast', event: 'hi', payload: { n: 1 } }), 'ok');
  assert.deepEqual(await got, { n: 1 });
  await a.removeAllChannels();
  await b.removeAllChannels();
});

test('the AI service without pgvector answers 503 cleanly through the gateway', { skip }, async () => {
  const res = await fetch(`${url}/api/knowledge-bases`, { headers: { apikey: keys.service, authorization: `Bearer ${keys.service}` } });
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.match(JSON.stringify(body), /pgvector/);
});

test('SIGTERM stops every service cleanly (exit 0)', { skip }, async () => {
  const running = procs.filter((p) => p.child.exitCode === null);
  for (const p of running) p.child.kill('SIGTERM');
  const codes = await Promise.all(running.map((p) => p.exited));
  assert.deepEqual(codes, running.map(() => 0), running.map((p) => `${p.name}: ${p.log().slice(-500)}`).join('\n'));
  for (const p of running) assert.match(p.log(), /"event":"service_stopped"/, p.name);
});
