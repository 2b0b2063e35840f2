// Over a real socket: SSE chunks arrive before the response ends, uploads reach the service while the client
// is still sending (no buffering in the gateway), chunked bodies are limited, timeouts are 900 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ProjectInfo } from '@powabase/core';
import { createGateway, IDLE_TIMEOUT_MS } from '../src/index.ts';
import { makeProject } from './helpers.ts';

let project: ProjectInfo;
let app: FastifyInstance;
let base: string;
let firstChunkSeen: (v: string) => void;
const firstChunk = new Promise<string>((r) => { firstChunkSeen = r; });

/** An upload route that reports its first chunk as soon as it has it, then reads the rest. */
const storage: FastifyPluginAsync = async (s) => {
  s.post('/object/:bucket/*', async (req) => {
    let total = 0;
    for await (const c of req.body as AsyncIterable<Buffer>) {
      if (total === 0) firstChunkSeen(Buffer.from(c).toString());
      total += c.length;
    }
    return { bytes: total };
  });
};

before(async () => {
  project = await makeProject('streamy');
  app = await createGateway({ project, services: { storage: { plugin: storage } }, testRoutes: true, bodyLimit: 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
after(async () => { await app.close(); });

test('SSE: each event is flushed as written, before the response ends', async () => {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    request(`${base}/api/_test/sse`, { headers: { apikey: project.anonKey } }, resolve).on('error', reject).end();
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  const chunks: string[] = [];
  let endedAtFirstChunk: boolean | undefined;
  res.setEncoding('utf8');
  res.on('data', (c: string) => {
    if (chunks.length === 0) endedAtFirstChunk = res.complete;
    chunks.push(c);
  });
  await new Promise((r) => res.on('end', r));
  assert.equal(endedAtFirstChunk, false, 'the first chunk arrived while the response was still open');
  assert.ok(chunks.length >= 3, `expected 3 separate chunks, got ${chunks.length}`);
  assert.match(chunks[0], /data: \{"n":1\}/);
  assert.doesNotMatch(chunks[0], /"n":3/, 'the first chunk did not wait for the last event');
  assert.deepEqual([...chunks.join('').matchAll(/data: (.*)\n/g)].map((m) => JSON.parse(m[1]).n), [1, 2, 3]);
});

test('SSE needs a key like any /api route', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/_test/sse' });
  assert.equal(res.statusCode, 401);
});

test('uploads stream through: the service sees the first chunk before the client has sent the rest', async () => {
  const req = request(`${base}/storage/v1/object/b/f.bin`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', apikey: project.anonKey },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  req.write('first-');
  // If the gateway buffered the body, the service would only run after end() and this would never resolve.
  assert.equal(await firstChunk, 'first-');
  req.end('second');
  const res = await response;
  const body = await new Promise<string>((r) => { let s = ''; res.on('data', (c) => { s += c; }); res.on('end', () => r(s)); });
  assert.equal(res.statusCode, 200, body);
  assert.deepEqual(JSON.parse(body), { bytes: 12 });
});

test('a chunked body over the limit fails with 413 while the service reads it', async () => {
  const res = await app.inject({
    method: 'POST', url: '/storage/v1/object/b/big.bin', headers: { 'content-type': 'application/octet-stream' },
    payload: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]),
  });
  assert.equal(res.statusCode, 413);
  assert.deepEqual(res.json(), { message: 'Request body is too large' });
});

test('over a socket, the 413 for a chunked body reaches the client', async () => {
  const req = request(`${base}/storage/v1/object/b/big2.bin`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  req.end(Buffer.alloc(3000));
  const res = await response;
  const body = await new Promise<string>((r) => { let s = ''; res.on('data', (c) => { s += c; }); res.on('end', () => r(s)); });
  assert.equal(res.statusCode, 413);
  assert.deepEqual(JSON.parse(body), { message: 'Request body is too large' });
});

test('a chunked body within the limit passes', async () => {
  const res = await app.inject({
    method: 'POST', url: '/storage/v1/object/b/ok.bin', headers: { 'content-type': 'application/octet-stream' },
    payload: Readable.from([Buffer.alloc(500), Buffer.alloc(500)]),
  });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { bytes: 1000 });
});

test('idle and keep-alive timeouts are 900 s, no request timeout', () => {
  assert.equal(IDLE_TIMEOUT_MS, 900_000);
  assert.equal(app.server.keepAliveTimeout, 900_000);
  assert.equal(app.server.timeout, 900_000);
  assert.equal(app.server.requestTimeout, 0);
});
