// reconfigure(): a running auth service takes a new config from the next request on, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { projectRef } from '@powabase/core';
import { issueProjectKeys } from '@powabase/keys';
import { nullMailer } from '@powabase/mail';
import { createGateway } from '@powabase/gateway';
import type { FastifyInstance } from 'fastify';
import { createAuthService, parseAuthConfig, type AuthService } from '../src/index.ts';
import { email, openTestDb, type TestDb } from './helpers.ts';

let tdb: TestDb;
let app: FastifyInstance;
let auth: AuthService;
let anon: string;
const project = { ref: projectRef(), url: 'http://127.0.0.1:1' };

before(async () => {
  tdb = await openTestDb();
  const keys = await issueProjectKeys(project.ref);
  anon = keys.anonKey;
  const info = { ...project, jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  auth = createAuthService({ db: tdb.db, project: info, mailer: nullMailer, config: parseAuthConfig({}, info) });
  app = await createGateway({ project: info, services: { auth } });
});
after(async () => { await app?.close(); await tdb?.close(); });

const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.inject({ method, url, headers: { apikey: anon, 'content-type': 'application/json' }, payload: body ? JSON.stringify(body) : undefined });

test('signup follows autoconfirm and disableSignup as they are swapped in', async () => {
  const first = await call('POST', '/auth/v1/signup', { email: email('before'), password: 'correct-horse-9' });
  assert.equal(first.statusCode, 200);
  assert.equal(first.json().access_token, undefined, 'no session without autoconfirm');

  auth.reconfigure(parseAuthConfig({ autoconfirm: true }, { ...project, jwtSecret: '', anonKey: '', serviceRoleKey: '' }));
  const confirmed = await call('POST', '/auth/v1/signup', { email: email('auto'), password: 'correct-horse-9' });
  assert.equal(confirmed.statusCode, 200);
  assert.equal(typeof confirmed.json().access_token, 'string');
  assert.equal((await call('GET', '/auth/v1/settings')).json().mailer_autoconfirm, true);

  auth.reconfigure(parseAuthConfig({ disableSignup: true }, { ...project, jwtSecret: '', anonKey: '', serviceRoleKey: '' }));
  const refused = await call('POST', '/auth/v1/signup', { email: email('off'), password: 'correct-horse-9' });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().error_code, 'signup_disabled');
});
