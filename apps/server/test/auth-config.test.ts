// Per-project auth config end to end in the embedded platform: PATCH /v1/projects/{ref}/config/auth changes the
// running project's auth service (signup, sender, redirect target) without a restart, refuses what the auth
// service refuses, and is what the project runs with after a platform restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@powabase/core';
import { loadPlatformConfig, type PlatformConfig } from '../src/config.ts';
import { ensureLocalSetup, startPlatform, type Platform } from '../src/platform.ts';

let dir: string;
let config: PlatformConfig;
let platform: Platform;
let token: string;
let ref: string;
let project: { url: string; anon_key: string };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const api = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${platform.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json() as any };
};
const authConfig = (body?: unknown) => api(body ? 'PATCH' : 'GET', `/v1/projects/${ref}/config/auth`, body);
const signup = async (address: string) => {
  const r = await fetch(`${project.url}/auth/v1/signup`, {
    method: 'POST', headers: { apikey: project.anon_key, 'content-type': 'application/json' },
    body: JSON.stringify({ email: address, password: 'correct-horse-9' }),
  });
  return { status: r.status, body: await r.json() as any };
};
let n = 0;
const email = (tag: string) => `${tag}-${Date.now().toString(36)}-${n++}@example.test`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'powabase-authcfg-'));
  const base = 20000 + Math.floor(Math.random() * 20000);
  config = loadPlatformConfig({}, {
    dataDir: dir, port: await freePort(), projectPortStart: base, dbPortStart: base + 500, logLevel: 'silent', authAutoconfirm: false,
  });
  platform = await startPlatform(config, { log: silentLogger });
  const setup = await ensureLocalSetup(platform);
  token = setup.accessToken;
  ref = setup.project!.ref;
  project = (await api('GET', `/v1/projects/${ref}/connect`)).body;
});
after(async () => {
  await platform?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('GET shows the platform defaults: POWABASE_AUTH_AUTOCONFIRM, the Project URL as site_url', async () => {
  const r = await authConfig();
  assert.equal(r.status, 200);
  assert.equal(r.body.mailer_autoconfirm, false);
  assert.equal(r.body.site_url, project.url);
  assert.equal(r.body.password_min_length, 8);
  assert.equal(r.body.smtp_pass, null);
});

test('PATCH applies to the running project at once: autoconfirm gives a session, disable_signup refuses', async () => {
  assert.equal((await signup(email('before'))).body.access_token, undefined);

  assert.equal((await authConfig({ mailer_autoconfirm: true })).status, 200);
  const auto = await signup(email('auto'));
  assert.equal(auto.status, 200);
  assert.equal(typeof auto.body.access_token, 'string');

  assert.equal((await authConfig({ disable_signup: true })).status, 200);
  const off = await signup(email('off'));
  assert.equal(off.status, 422);
  assert.equal(off.body.error_code, 'signup_disabled');
  await authConfig({ disable_signup: null, mailer_autoconfirm: null });
});

test('site_url is the default redirect, and the project\'s own SMTP settings choose the sender', async () => {
  const catcher = platform.mailCatcher!;
  const r = await authConfig({
    site_url: 'http://app.test', smtp_host: catcher.host, smtp_port: String(catcher.port),
    smtp_admin_email: 'hello@app.test', smtp_sender_name: 'App',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const address = email('mail');
  assert.equal((await signup(address)).status, 200);
  const mail = catcher.listMessages({ to: address })[0];
  assert.ok(mail, 'a confirmation mail');
  assert.match(mail.from, /hello@app\.test/);
  const link = /href="([^"]+)"/.exec(mail.html)![1].replace(/&#38;/g, '&');
  const confirmed = await fetch(link, { redirect: 'manual' });
  assert.match(confirmed.headers.get('location') ?? '', /^http:\/\/app\.test\/?#access_token=/);
});

test('values the auth service refuses are 400 with its message, and change nothing', async () => {
  for (const [body, message] of [[{ jwt_exp: 5 }, /jwtExpiry must be 30\.\.604800/], [{ password_min_length: 4 }, /minLength must be at least 6/]] as const) {
    const r = await authConfig(body);
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'invalid_auth_config');
    assert.match(r.body.message, message);
  }
  assert.equal((await authConfig()).body.jwt_exp, 3600);
});

test('the stored config survives a platform restart and the project runs with it', async () => {
  assert.equal((await authConfig({ disable_signup: true, smtp_pass: 'kept-secret' })).status, 200);
  await platform.stop();
  platform = await startPlatform(config, { log: silentLogger });
  const r = await authConfig();
  assert.equal(r.body.disable_signup, true);
  assert.equal(r.body.site_url, 'http://app.test');
  assert.equal(r.body.smtp_pass, '********');
  const off = await signup(email('restart'));
  assert.equal(off.status, 422);
  assert.equal(off.body.error_code, 'signup_disabled');
});
