// Black-box foundation test: the real CLI, two projects, supabase-js, pg and psql. Imports no src/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import ws from 'ws';
import { SignJWT } from 'jose';
import { createClient } from '@supabase/supabase-js';
import { cli, envFor, startPlatform, tempDataDir, type Connect, type Running } from './lib/platform.ts';

let env: NodeJS.ProcessEnv;
let running: Running;
let A: Connect;
let B: Connect;

const sb = (url: string, key: string) =>
  createClient(url, key, { realtime: { transport: ws as never }, auth: { persistSession: false, autoRefreshToken: false } });

async function sign(secret: string, claims: Record<string, unknown>) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
}

before(async () => {
  const dir = tempDataDir();
  env = await envFor(dir);
  running = await startPlatform(env);
  A = running.project;
  const made = await cli(['projects', 'create', '--name', 'Project B', '--json'], env);
  assert.equal(made.code, 0, made.stderr);
  B = JSON.parse(made.stdout);
});

after(async () => {
  await running?.stop();
});

test('start prints a ready project with its Connect data', () => {
  for (const p of [A, B]) {
    assert.match(p.ref, /^[a-z]{20}$/);
    assert.equal(p.status, 'ACTIVE_HEALTHY');
    for (const k of ['url', 'anon_key', 'service_role_key', 'jwt_secret', 'db_url']) assert.ok(p[k], `${k} present`);
  }
  assert.notEqual(A.url, B.url);
  assert.notEqual(A.jwt_secret, B.jwt_secret);
});

test('missing and unknown apikey are refused with the gateway messages', async () => {
  const none = await fetch(`${A.url}/rest/v1/anything`);
  assert.equal(none.status, 401);
  assert.deepEqual(await none.json(), { message: 'No API key found in request' });
  const { error } = await sb(A.url, 'not-a-key').from('anything').select();
  assert.equal(error?.message, 'Invalid API key');
});

test("A's anon and service keys are refused by B", async () => {
  for (const key of [A.anon_key, A.service_role_key]) {
    const res = await fetch(`${B.url}/api/_test/whoami`, { headers: { apikey: key } });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { message: 'Invalid API key' });
    const { error } = await sb(B.url, key).from('t').select();
    assert.equal(error?.message, 'Invalid API key');
  }
});

test("a user JWT signed with A's secret is refused by B's gateway and accepted by A's", async () => {
  const token = await sign(A.jwt_secret, { role: 'authenticated', sub: '4c1d2f10-8b7a-4b8e-9d4b-0f0e6f8a1b2c', aud: 'authenticated' });
  const atB = await fetch(`${B.url}/api/_test/whoami`, { headers: { apikey: B.anon_key, authorization: `Bearer ${token}` } });
  assert.equal(atB.status, 401);
  const atA = await fetch(`${A.url}/api/_test/whoami`, { headers: { apikey: A.anon_key, authorization: `Bearer ${token}` } });
  assert.equal(atA.status, 200);
  assert.equal((await atA.json()).role, 'authenticated');
});

test("A's Database URL works with pg and cannot reach B's data", async () => {
  const b = new pg.Client({ connectionString: B.db_url });
  await b.connect();
  await b.query('create table only_in_b (id int primary key); insert into only_in_b values (1)');
  await b.end();
  const a = new pg.Client({ connectionString: A.db_url });
  await a.connect();
  const r = await a.query("select to_regclass('public.only_in_b') as t");
  assert.equal(r.rows[0].t, null);
  await a.query('create table if not exists only_in_a (id int)');
  await a.end();
  const wrong = new pg.Client({ connectionString: A.db_url.replace(/:[^:@/]+@/, ':wrong-password@') });
  await assert.rejects(wrong.connect(), /password authentication failed/);
});

test('psql connects with the Database URL', { skip: existsSync('/usr/bin/psql') ? false : 'psql not installed' }, () => {
  const out = execFileSync('psql', [A.db_url, '-tAc', 'select 40 + 2'], { encoding: 'utf8' });
  assert.equal(out.trim(), '42');
});

test('the anon role cannot read auth.users', async () => {
  const a = new pg.Client({ connectionString: A.db_url });
  await a.connect();
  await a.query('create table if not exists auth.users (id uuid primary key, email text)');
  await a.query('begin');
  await a.query("select set_config('role', 'anon', true)");
  await assert.rejects(a.query('select * from auth.users'), /permission denied/);
  await a.query('rollback');
  await a.end();
});

test('GET /api/health is 200 without a key', async () => {
  const res = await fetch(`${A.url}/api/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('SSE chunks arrive before the response ends', async () => {
  const res = await fetch(`${A.url}/api/_test/sse`, { headers: { apikey: A.service_role_key } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.equal(first.done, false, 'a chunk arrived while the stream is still open');
  assert.match(new TextDecoder().decode(first.value), /^(event|data|id):/m);
  let rest = '';
  for (;;) { const c = await reader.read(); if (c.done) break; rest += new TextDecoder().decode(c.value); }
  assert.ok(rest.length > 0, 'more chunks followed the first');
});

test('CORS preflight from an arbitrary origin succeeds with credentials', async () => {
  const res = await fetch(`${A.url}/rest/v1/todos`, {
    method: 'OPTIONS',
    headers: { origin: 'https://some-app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey,authorization,x-client-info,content-type,prefer' },
  });
  assert.ok(res.status === 204 || res.status === 200);
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://some-app.example');
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  assert.match(res.headers.get('access-control-allow-headers') ?? '', /apikey/i);
});

test('every service is mounted: REST answers an unknown table with a PostgREST error, not a 501', async () => {
  const res = await fetch(`${A.url}/rest/v1/no_such_table`, { headers: { apikey: A.anon_key } });
  assert.equal(res.status, 404);
  assert.match((await res.json()).code, /^PGRST/);
  const { data, error } = await sb(A.url, A.service_role_key).from('only_in_a').select();
  assert.equal(error, null);
  assert.deepEqual(data, []);
});

test('a second powabase start on the same data dir is refused', async () => {
  const second = await cli(['start', '--json'], { ...env, POWABASE_PORT: '0' });
  assert.equal(second.code, 1);
  assert.match(second.stderr, /already running/);
});
