// Proxy mode over real sockets: a front gateway with remote mounts in front of an upstream gateway that runs the
// (echo) services, as the distributed mode does. Key-auth at the front, JWT re-verified upstream, raw query bytes,
// Host and bodies passed through, SSE unbuffered, websockets proxied, upstream failures as JSON 503.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import { WebSocket } from 'ws';
import type { ProjectInfo } from '@powabase/core';
import { createGateway } from '../src/index.ts';
import { downstreamHeaders } from '../src/proxy-mount.ts';
import { makeProject, tokens } from './helpers.ts';

let project: ProjectInfo;
let t: Awaited<ReturnType<typeof tokens>>;
let upstream: FastifyInstance;
let front: FastifyInstance;
let base: string;
let hits = 0;
let firstChunkSeen: (v: string) => void;
const firstChunk = new Promise<string>((r) => { firstChunkSeen = r; });

/** REST stand-in: what the upstream saw (its own gateway's verdict, the raw URL, forwarded headers). */
const rest: FastifyPluginAsync = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.all('/*', async (req) => {
    hits++;
    return {
      role: req.auth.role, sub: req.auth.claims.sub ?? null, url: req.url, host: req.headers.host,
      apikeyHeader: typeof req.headers.apikey === 'string', xff: req.headers['x-forwarded-for'] ?? null, body: req.body ?? null,
    };
  });
};

/** Storage stand-in: reports the first uploaded chunk as soon as it has it. */
const storage: FastifyPluginAsync = async (app) => {
  app.post('/object/:bucket/*', async (req) => {
    let total = 0;
    for await (const c of req.body as AsyncIterable<Buffer>) {
      if (total === 0) firstChunkSeen(Buffer.from(c).toString());
      total += c.length;
    }
    return { bytes: total };
  });
  app.get('/busy', async (_req, reply) => { hits++; return reply.code(503).send({ message: 'busy' }); });
};

/** Realtime stand-in: a websocket that answers each message with the caller's role. */
const realtime: FastifyPluginAsync = async (app) => {
  await app.register(fastifyWebsocket);
  app.get('/websocket', { websocket: true }, (ws, req) => {
    ws.on('message', (m) => ws.send(JSON.stringify({ echo: String(m), role: req.auth.role, vsn: (req.query as Record<string, string>).vsn })));
  });
};

const listen = async (app: FastifyInstance) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
};

before(async () => {
  project = await makeProject('proxied');
  t = await tokens(project, await makeProject('other'));
  upstream = await createGateway({
    project, testRoutes: true,
    services: {
      rest: { plugin: rest, renderAuthError: (e) => ({ status: 401, body: { code: 'PGRST301', message: e.message } }) },
      storage: { plugin: storage },
      realtime: { plugin: realtime },
    },
  });
  const up = await listen(upstream);
  front = await createGateway({
    project,
    services: { rest: { upstream: up }, storage: { upstream: up }, realtime: { upstream: up }, api: { upstream: up }, auth: { upstream: 'http://127.0.0.1:1' } },
  });
  base = await listen(front);
});
after(async () => { await front.close(); await upstream.close(); });

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

/** node:http, because fetch may not set Host. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { headers }, (res) => {
      let s = '';
      res.on('data', (c) => { s += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(s) }));
    }).on('error', reject).end();
  });
}

test('no apikey: refused at the front, the upstream never sees the request', async () => {
  const before = hits;
  const res = await get('/rest/v1/todos');
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { message: 'No API key found in request' });
  assert.equal(hits, before);
});

test('the upstream re-verifies the Bearer JWT and sees the raw query bytes, the Host and X-Forwarded-For', async () => {
  const q = '?select=id,name,owner(*)&name=eq.a%2Cb&or=(a.eq.1,b.eq.2)';
  const { status, body } = await rawGet(`/rest/v1/todos${q}`, { apikey: project.anonKey, authorization: `Bearer ${t.user}`, host: 'api.example.com' });
  assert.equal(status, 200);
  assert.equal(body.role, 'authenticated');
  assert.equal(body.sub, t.userSub);
  assert.equal(body.url, `/rest/v1/todos${q}`);
  assert.equal(body.host, 'api.example.com');
  assert.equal(body.xff, '127.0.0.1');
});

test('apikey as a query parameter: stripped from the URL, sent upstream as a header', async () => {
  const res = await get(`/rest/v1/todos?apikey=${project.serviceRoleKey}&id=eq.1`);
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.role, 'service_role');
  assert.equal(body.url, '/rest/v1/todos?id=eq.1');
  assert.equal(body.apikeyHeader, true);
});

test('a bad Bearer is answered by the upstream in the service\'s own format', async () => {
  const res = await get('/rest/v1/todos', { apikey: project.anonKey, authorization: `Bearer ${t.otherSecret}` });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, 'PGRST301');
});

test('a JSON body reaches the upstream byte for byte', async () => {
  const raw = '{ "b": 1,   "a": [2] }';
  const res = await fetch(`${base}/rest/v1/todos`, { method: 'POST', headers: { apikey: project.anonKey, 'content-type': 'application/json' }, body: raw });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).body, raw);
});

test('uploads stream through both gateways: the service sees the first chunk before the client sends the rest', async () => {
  const req = httpRequest(`${base}/storage/v1/object/b/f.bin`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', apikey: project.anonKey },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  req.write('first-');
  assert.equal(await firstChunk, 'first-');
  req.end('second');
  const res = await response;
  const body = await new Promise<string>((r) => { let s = ''; res.on('data', (c) => { s += c; }); res.on('end', () => r(s)); });
  assert.equal(res.statusCode, 200, body);
  assert.deepEqual(JSON.parse(body), { bytes: 12 });
});

test('SSE through the proxy: the first event arrives while the stream is still open', async () => {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    httpRequest(`${base}/api/_test/sse`, { headers: { apikey: project.anonKey } }, resolve).on('error', reject).end();
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  const chunks: string[] = [];
  let openAtFirst: boolean | undefined;
  res.setEncoding('utf8');
  res.on('data', (c: string) => { if (!chunks.length) openAtFirst = !res.complete; chunks.push(c); });
  await new Promise((r) => res.on('end', r));
  assert.equal(openAtFirst, true);
  assert.ok(chunks.length >= 3, `expected separate chunks, got ${chunks.length}`);
  assert.deepEqual([...chunks.join('').matchAll(/data: (.*)\n/g)].map((m) => JSON.parse(m[1]).n), [1, 2, 3]);
});

test('CORS comes from the front gateway once, not doubled by the upstream', async () => {
  const res = await get('/rest/v1/todos', { apikey: project.anonKey, origin: 'https://app.example.com' });
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(res.headers.get('vary'), 'Origin');
  assert.deepEqual(downstreamHeaders({ 'access-control-allow-origin': 'x', vary: 'Origin', etag: '"1"' }), { etag: '"1"' });
});

test('an upstream 503 is passed through once, not retried', async () => {
  const before = hits;
  const res = await get('/storage/v1/busy', { apikey: project.anonKey });
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { message: 'busy' });
  assert.equal(hits, before + 1);
});

test('an unreachable upstream answers 503 JSON', async () => {
  const res = await get('/auth/v1/settings', { apikey: project.anonKey });
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { message: 'The service is unavailable' });
});

test('websocket upgrade for /realtime/v1 is proxied, with the apikey from the query re-checked upstream', async () => {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/realtime/v1/websocket?apikey=${project.serviceRoleKey}&vsn=1.0.0`);
  const reply = new Promise<string>((resolve, reject) => { ws.once('message', (m) => resolve(String(m))); ws.once('error', reject); });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  ws.send('hello');
  assert.deepEqual(JSON.parse(await reply), { echo: 'hello', role: 'service_role', vsn: '1.0.0' });
  ws.close();
  await new Promise((r) => ws.once('close', r));
});

test('websocket without an apikey is refused with 401 at the front', async () => {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/realtime/v1/websocket?vsn=1.0.0`);
  const status = await new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => reject(new Error('opened')));
    ws.once('error', () => {});
  });
  assert.equal(status, 401);
});
