// One request_done event per request, with method, prefix, status and ms; keys, tokens and URLs never logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '@powabase/core';
import { signJwt } from '@powabase/keys';
import { createGateway } from '../src/index.ts';
import { makeProject } from './helpers.ts';

test('request_done per request; no headers, keys or query strings in the log', async () => {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });
  const project = await makeProject('logged');
  const app = await createGateway({
    project, log: createLogger({ destination }), testRoutes: true,
    services: { rest: { plugin: async (s) => { s.get('/boom', async () => { throw new Error('db exploded'); }); } } },
  });
  const user = await signJwt(project.jwtSecret, { role: 'authenticated', sub: 'u1' }, { expiresInS: 60 });
  await app.inject({ method: 'GET', url: `/api/_test/whoami?apikey=${project.anonKey}`, headers: { authorization: `Bearer ${user}` } });
  await app.inject({ method: 'GET', url: '/rest/v1/boom', headers: { apikey: 'wrong-key-value' } });
  await app.inject({ method: 'GET', url: '/rest/v1/boom', headers: { apikey: project.serviceRoleKey } });
  await app.inject({ method: 'GET', url: '/nowhere' });
  await app.inject({ method: 'GET', url: '/rest/v1/no-such-route' });
  await app.close();

  const events = lines.map((l) => JSON.parse(l));
  const done = events.filter((e) => e.event === 'request_done');
  assert.deepEqual(done.map((e) => [e.method, e.prefix, e.status]), [['GET', '/api', 200], ['GET', '/rest/v1', 401], ['GET', '/rest/v1', 500], ['GET', '-', 404], ['GET', '/rest/v1', 404]]);
  for (const e of done) {
    assert.equal(typeof e.ms, 'number');
    assert.equal(e.ref, 'logged');
    assert.deepEqual(Object.keys(e).filter((k) => !['level', 'time', 'msg', 'component', 'ref', 'reqId'].includes(k)).sort(), ['event', 'method', 'ms', 'prefix', 'status']);
  }
  const failed = events.find((e) => e.event === 'request_failed');
  assert.equal(failed?.error.message, 'db exploded', 'the cause goes to the log');
  const all = lines.join('\n');
  for (const secret of [project.anonKey, project.serviceRoleKey, user, 'wrong-key-value', project.jwtSecret]) assert.ok(!all.includes(secret), 'no secret in the log');
  assert.ok(!all.includes('apikey='), 'no query strings in the log');
});
