// Serving a built Studio from the platform's root: files, client-side routes, 404s, and the API's own 404 untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { studio } from '../server/index.ts';
import { brokenStudioHandler, fileFor } from '../server/serve.ts';

let dir: string;
let app: FastifyInstance;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-serve-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Studio</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, '..', 'outside.txt'), 'secret');
  app = Fastify();
  // Like the control plane: a /v1 scope with its own JSON 404.
  await app.register(async (v1) => {
    v1.get('/ping', async () => ({ ok: true }));
    v1.setNotFoundHandler((_req, reply) => reply.code(404).send({ message: 'Not found', code: 'route_not_found' }));
  }, { prefix: '/v1' });
  await app.register(studio({ dir }));
  await app.ready();
});
after(() => app.close());

const get = (url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => app.inject({ method, url });

test('index.html at / and for every client-side route, never cached', async () => {
  for (const url of ['/', '/sign-in', '/project/abcdefghijklmnopqrst/sql?showConnect=true', '/org/x/members']) {
    const r = await get(url);
    assert.equal(r.statusCode, 200, url);
    assert.match(r.headers['content-type'] as string, /^text\/html/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.body, '<!doctype html><title>Studio</title>');
  }
});

test('hashed assets are served with their type and cached for good; other files are not', async () => {
  const js = await get('/assets/index-abc.js');
  assert.deepEqual([js.statusCode, js.headers['content-type'], js.headers['cache-control']],
    [200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
  const icon = await get('/favicon.svg');
  assert.deepEqual([icon.statusCode, icon.headers['content-type'], icon.headers['cache-control']], [200, 'image/svg+xml', 'no-cache']);
});

test('a missing file is a 404, not the index page; paths cannot leave the build folder', async () => {
  assert.equal((await get('/assets/missing.js')).statusCode, 404);
  assert.equal((await get('/../outside.txt')).statusCode, 404);
  assert.equal((await get('/%2e%2e/outside.txt')).statusCode, 404);
  assert.equal(fileFor(dir, '/../outside.txt'), null);
  assert.equal(fileFor(dir, '/%2e%2e/outside.txt'), null);
  assert.equal(fileFor(dir, '/%E0%A4%A'), null, 'malformed escapes');
  assert.equal(fileFor(dir, '/assets'), null, 'folders are not files');
  assert.equal(fileFor(dir, '/favicon.svg'), join(dir, 'favicon.svg'));
});

test('the API keeps its routes and its JSON 404; other methods get a JSON 404', async () => {
  assert.deepEqual((await get('/v1/ping')).json(), { ok: true });
  const miss = await get('/v1/nope');
  assert.deepEqual([miss.statusCode, miss.json().code], [404, 'route_not_found']);
  const post = await get('/anything', 'POST');
  assert.deepEqual([post.statusCode, post.json().code], [404, 'route_not_found']);
  assert.equal((await get('/sign-in', 'HEAD')).statusCode, 200);
});

test('a failed build answers 503 with the reason while the API works', async () => {
  const broken = Fastify();
  broken.setNotFoundHandler(brokenStudioHandler('vite exploded'));
  const r = await broken.inject({ method: 'GET', url: '/' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /could not be built: vite exploded/);
  await broken.close();
});
