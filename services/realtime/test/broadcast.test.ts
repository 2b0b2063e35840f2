// Priority 1 through supabase-js and raw sockets: Phoenix protocol (vsn 1.0.0 and 2.0.0, binary frames),
// heartbeats, join/leave, broadcast (self, ack), REST broadcast endpoints.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, openTestDb, startStack, client, closeClients, subscribed, inbox, once, rawSocket, GUARD_MS, type Stack, type TestDb } from './helpers.ts';

for (const { engine, skip } of engines()) {
  describe(`broadcast and protocol (${engine})`, { skip }, () => {
    let tdb: TestDb;
    let stack: Stack;
    before(async () => {
      tdb = await openTestDb(engine);
      stack = await startStack(tdb.db);
    });
    afterEach(closeClients);
    after(async () => {
      await stack?.close();
      await tdb?.drop();
    });

    test('heartbeat on topic phoenix is answered with an ok reply echoing the ref', async () => {
      const s = await rawSocket(stack);
      s.send([null, '7', 'phoenix', 'heartbeat', {}]);
      const m = await s.expect((f) => f[3] === 'phx_reply');
      assert.deepEqual(m, [null, '7', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
      s.ws.close();
    });

    test('vsn 1.0.0 frames are JSON objects in both directions', async () => {
      const s = await rawSocket(stack, 'vsn=1.0.0');
      s.send({ topic: 'realtime:v1room', event: 'phx_join', payload: { config: {} }, ref: '1', join_ref: '1' });
      const m = await s.expect((f) => f.event === 'phx_reply');
      assert.deepEqual(m, { join_ref: '1', ref: '1', topic: 'realtime:v1room', event: 'phx_reply', payload: { status: 'ok', response: { postgres_changes: [] } } });
      s.ws.close();
    });

    test('the upgrade needs a project key: no key 401, unknown key 401', async () => {
      for (const [key, message] of [['', 'No API key found in request'], ['nope', 'Invalid API key']] as const) {
        const { default: WebSocket } = await import('ws');
        const ws = new WebSocket(`${stack.wsUrl}?apikey=${key}&vsn=2.0.0`);
        const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          ws.on('unexpected-response', (_req, r) => {
            let body = '';
            r.on('data', (c) => { body += c; });
            r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
          });
          ws.on('open', () => reject(new Error('upgrade accepted without a valid key')));
          ws.on('error', () => {});
        });
        assert.equal(res.status, 401);
        assert.equal(JSON.parse(res.body).message, message);
      }
    });

    test('a refused upgrade on any path gets its HTTP answer and then its socket closed by the server', async () => {
      const { default: WebSocket } = await import('ws');
      for (const path of ['/realtime/v1/websocket?apikey=bad', `/rest/v1/anything?apikey=${stack.project.anonKey}`, '/no/such/path']) {
        const ws = new WebSocket(`ws://127.0.0.1:${new URL(stack.url).port}${path}`);
        const status = await once<number>((cb) => {
          ws.on('unexpected-response', (req, r) => {
            r.resume();
            req.socket?.once('close', () => cb(r.statusCode ?? 0));
          });
          ws.on('error', () => {});
        }, () => true, GUARD_MS, `server close of the refused socket (${path})`);
        assert.ok(status >= 400, `${path}: ${status}`);
      }
    });

    test('join replies ok with postgres_changes [], leave replies ok then phx_close', async () => {
      const s = await rawSocket(stack);
      s.send(['1', '1', 'realtime:lobby', 'phx_join', { config: { broadcast: { self: false }, presence: { key: '' }, postgres_changes: [] } }]);
      assert.deepEqual(await s.expect((f) => f[3] === 'phx_reply'), ['1', '1', 'realtime:lobby', 'phx_reply', { status: 'ok', response: { postgres_changes: [] } }]);
      s.send(['1', '2', 'realtime:lobby', 'phx_leave', {}]);
      assert.deepEqual(await s.expect((f) => f[3] === 'phx_reply'), ['1', '2', 'realtime:lobby', 'phx_reply', { status: 'ok', response: {} }]);
      const close = await s.expect((f) => f[3] === 'phx_close');
      assert.equal(close[2], 'realtime:lobby');
      s.send(['1', '3', 'realtime:lobby', 'broadcast', { type: 'broadcast', event: 'x', payload: {} }]);
      assert.deepEqual((await s.expect((f) => f[1] === '3'))[4], { status: 'error', response: { reason: 'unmatched topic' } });
      s.ws.close();
    });

    test('an empty topic name is refused with TopicNameRequired', async () => {
      const s = await rawSocket(stack);
      s.send(['1', '1', 'realtime:', 'phx_join', { config: {} }]);
      const m = await s.expect((f) => f[3] === 'phx_reply');
      assert.deepEqual(m[4], { status: 'error', response: { reason: 'TopicNameRequired: You must provide a topic name' } });
      s.ws.close();
    });

    test('broadcast between two supabase-js clients; self=false does not echo to the sender', async () => {
      const room = `room-${randomUUID()}`;
      const a = await client(stack);
      const b = await client(stack);
      const gotA = inbox();
      const gotB = inbox();
      const chA = a.channel(room).on('broadcast', { event: '*' }, (m) => gotA.push(m));
      const chB = b.channel(room).on('broadcast', { event: 'cursor' }, (m) => gotB.push(m));
      await subscribed(chA);
      await subscribed(chB);
      assert.equal(await chA.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } }), 'ok');
      const [m] = await gotB.next(1);
      assert.deepEqual(m, { type: 'broadcast', event: 'cursor', payload: { x: 1 } });
      // b answers; when a sees the answer, a would already have seen its own message had it been echoed
      await chB.send({ type: 'broadcast', event: 'answer', payload: { y: 2 } });
      const seen = await gotA.next(1);
      assert.deepEqual(seen.map((x) => x.event), ['answer']);
    });

    test('self=true echoes to the sender; ack=true resolves after the server reply', async () => {
      const room = `self-${randomUUID()}`;
      const a = await client(stack);
      const got = inbox();
      const ch = a.channel(room, { config: { broadcast: { self: true, ack: true } } }).on('broadcast', { event: 'ping' }, (m) => got.push(m));
      await subscribed(ch);
      assert.equal(await ch.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } }), 'ok');
      assert.deepEqual((await got.next(1))[0].payload, { n: 1 });
    });

    test('vsn 1.0.0 and 2.0.0 clients exchange broadcasts; binary payloads reach vsn 2.0.0 as bytes', async () => {
      const room = `mixed-${randomUUID()}`;
      const v1 = await client(stack, { vsn: '1.0.0' });
      const v2 = await client(stack);
      const got1 = inbox();
      const got2 = inbox();
      const ch1 = v1.channel(room).on('broadcast', { event: '*' }, (m) => got1.push(m));
      const ch2 = v2.channel(room, { config: { broadcast: { self: true } } }).on('broadcast', { event: '*' }, (m) => got2.push(m));
      await subscribed(ch1);
      await subscribed(ch2);
      await ch1.send({ type: 'broadcast', event: 'from-v1', payload: { a: 1 } });
      assert.deepEqual((await got2.next(1))[0], { type: 'broadcast', event: 'from-v1', payload: { a: 1 } });
      await ch2.send({ type: 'broadcast', event: 'from-v2', payload: { b: 'é' } });
      assert.deepEqual((await got1.next(1))[0], { type: 'broadcast', event: 'from-v2', payload: { b: 'é' } });
      await got2.next(2); // self echo of from-v2
      await ch2.send({ type: 'broadcast', event: 'bytes', payload: new Uint8Array([1, 2, 3]).buffer });
      const bin = (await got2.next(3))[2];
      assert.equal(bin.event, 'bytes');
      assert.deepEqual([...new Uint8Array(bin.payload as ArrayBuffer)], [1, 2, 3]);
      // the vsn 1.0.0 client never got the binary one: its next message is the json one after it
      await ch2.send({ type: 'broadcast', event: 'after', payload: {} });
      assert.deepEqual((await got1.next(2)).map((m) => m.event), ['from-v2', 'after']);
    });

    test('REST batch broadcast (POST /api/broadcast) -> 202 and delivery; extra query params ignored', async () => {
      const room = `rest-${randomUUID()}`;
      const a = await client(stack);
      const got = inbox();
      await subscribed(a.channel(room).on('broadcast', { event: 'news' }, (m) => got.push(m)));
      const res = await fetch(`${stack.url}/realtime/v1/api/broadcast?apikey=${stack.project.anonKey}&vsn=2.0.0`, {
        method: 'POST',
        headers: { apikey: stack.project.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ topic: room, event: 'news', payload: { n: 1 } }, { topic: room, event: 'news', payload: { n: 2 }, id: 'abc' }] }),
      });
      assert.equal(res.status, 202);
      assert.equal(await res.text(), '');
      const msgs = await got.next(2);
      assert.deepEqual(msgs[0], { type: 'broadcast', event: 'news', payload: { n: 1 } });
      assert.deepEqual(msgs[1], { type: 'broadcast', event: 'news', payload: { n: 2 }, meta: { id: 'abc' } });
    });

    test('REST batch validation: 422 on a missing event, 401 without a key', async () => {
      const bad = await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: 'POST', headers: { apikey: stack.project.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ topic: 'x', payload: {} }] }),
      });
      assert.equal(bad.status, 422);
      assert.match(JSON.stringify(await bad.json()), /event/);
      const nokey = await fetch(`${stack.url}/realtime/v1/api/broadcast`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(nokey.status, 401);
    });

    test('httpSend (POST /api/broadcast/:topic/events/:event) delivers to subscribers', async () => {
      const room = `http-${randomUUID()}`;
      const a = await client(stack);
      const b = await client(stack);
      const got = inbox();
      await subscribed(a.channel(room).on('broadcast', { event: 'hi there' }, (m) => got.push(m)));
      const sender = b.channel(room);
      const r = await sender.httpSend('hi there', { k: 'v' });
      assert.deepEqual(r, { success: true });
      assert.deepEqual((await got.next(1))[0], { type: 'broadcast', event: 'hi there', payload: { k: 'v' } });
    });

    test('REST single message with raw bytes reaches vsn 2.0.0 subscribers as a binary broadcast', async () => {
      const room = `raw-${randomUUID()}`;
      const a = await client(stack);
      const got = inbox();
      await subscribed(a.channel(room).on('broadcast', { event: 'blob' }, (m) => got.push(m)));
      const res = await fetch(`${stack.url}/realtime/v1/api/broadcast/${room}/events/blob`, {
        method: 'POST', headers: { apikey: stack.project.anonKey, 'content-type': 'application/octet-stream' }, body: new Uint8Array([9, 8, 7]),
      });
      assert.equal(res.status, 202);
      const [m] = await got.next(1);
      assert.deepEqual([...new Uint8Array(m.payload as ArrayBuffer)], [9, 8, 7]);
    });

    test('unsubscribe (phx_leave) stops broadcast delivery to that channel', async () => {
      const room = `leave-${randomUUID()}`;
      const a = await client(stack);
      const b = await client(stack);
      const gotA = inbox();
      const marker = inbox();
      const chA = a.channel(room).on('broadcast', { event: '*' }, (m) => gotA.push(m));
      const markerCh = a.channel(`${room}-marker`).on('broadcast', { event: '*' }, (m) => marker.push(m));
      const chB = b.channel(room);
      await subscribed(chA);
      await subscribed(markerCh);
      await subscribed(chB);
      assert.equal(await chA.unsubscribe(), 'ok');
      await chB.send({ type: 'broadcast', event: 'after-leave', payload: {} });
      const r = await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: 'POST', headers: { apikey: stack.project.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ topic: `${room}-marker`, event: 'mark', payload: {} }] }),
      });
      assert.equal(r.status, 202);
      await marker.next(1);
      assert.equal(gotA.got.length, 0);
    });
  });
}
