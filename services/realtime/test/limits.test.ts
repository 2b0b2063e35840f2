// Priority 4: limits and bad input. Malformed frames, unknown topics, oversized payloads and frames, channels
// per connection, joins/s, messages/s, connections, idle sockets, slow consumers (dropped: bounded memory),
// and a server restart (clients reconnect, resubscribe and get later changes). No test sleeps: each awaits
// a frame, a close or a logged event, under a guard.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RealtimeConfig } from '../src/index.ts';
import { engines, openTestDb, startStack, client, closeClients, subscribed, inbox, rawSocket, logSink, type Stack, type TestDb } from './helpers.ts';

for (const { engine, skip } of engines()) {
  describe(`limits and faults (${engine})`, { skip }, () => {
    let tdb: TestDb;
    let stack: Stack | null = null;
    const start = async (config: Partial<RealtimeConfig> = {}, log?: ReturnType<typeof logSink>) => (stack = await startStack(tdb.db, config, { log: log?.log }));
    before(async () => { tdb = await openTestDb(engine); });
    afterEach(async () => {
      await closeClients();
      await stack?.close();
      stack = null;
    });
    after(async () => { await tdb?.drop(); });

    test('malformed frames close only that socket (1007); the service keeps serving', async () => {
      const s = await start();
      for (const bad of ['{not json', JSON.stringify(['1', '1', 'realtime:x', 'phx_join']), Buffer.from([9, 1, 2, 3])]) {
        const r = await rawSocket(s);
        r.ws.send(bad);
        const closed = await r.closed;
        assert.equal(closed.code, 1007);
      }
      const ok = await rawSocket(s);
      ok.send([null, '1', 'phoenix', 'heartbeat', {}]);
      assert.equal((await ok.expect((f) => f[3] === 'phx_reply'))[4].status, 'ok');
      ok.ws.close();
    });

    test('a join to a topic outside realtime:* is answered "unmatched topic"', async () => {
      const s = await start();
      const r = await rawSocket(s);
      r.send(['1', '1', 'rooms:lobby', 'phx_join', {}]);
      assert.deepEqual((await r.expect((f) => f[3] === 'phx_reply'))[4], { status: 'error', response: { reason: 'unmatched topic' } });
      r.ws.close();
    });

    test('joins with bad tokens are refused with the documented reasons', async () => {
      const s = await start();
      const r = await rawSocket(s);
      const { signJwt } = await import('@powabase/keys');
      const cases: [string, string][] = [
        ['not-a-jwt', 'MalformedJWT: The token provided is not a valid JWT'],
        [await signJwt('another-secret-another-secret-another-secret', { role: 'authenticated' }, { expiresInS: 60 }), 'JwtSignatureError: Failed to validate JWT signature'],
        [await signJwt(s.project.jwtSecret, { role: 'authenticated' }), 'InvalidJWTToken: Fields `role` and `exp` are required in JWT'],
      ];
      let n = 0;
      for (const [token, reason] of cases) {
        n++;
        r.send([String(n), String(n), `realtime:tok${n}`, 'phx_join', { config: { private: true }, access_token: token }]);
        assert.deepEqual((await r.expect((f) => f[1] === String(n)))[4], { status: 'error', response: { reason } });
      }
      r.ws.close();
    });

    test('oversized payloads: ack error reply over the socket, 422 over REST; frames past the cap close the socket (1009)', async () => {
      const s = await start({ maxPayloadBytes: 1024 });
      const r = await rawSocket(s);
      r.send(['1', '1', 'realtime:big', 'phx_join', { config: { broadcast: { ack: true } } }]);
      await r.expect((f) => f[3] === 'phx_reply');
      r.send(['1', '2', 'realtime:big', 'broadcast', { type: 'broadcast', event: 'e', payload: { x: 'y'.repeat(2000) } }]);
      assert.deepEqual((await r.expect((f) => f[1] === '2'))[4], { status: 'error', response: { reason: 'Payload size exceeded' } });
      r.send(['1', '3', 'realtime:big', 'broadcast', { type: 'broadcast', event: 'e', payload: { x: 1 } }]);
      assert.deepEqual((await r.expect((f) => f[1] === '3'))[4], { status: 'ok', response: {} });
      const res = await fetch(`${s.url}/realtime/v1/api/broadcast`, {
        method: 'POST', headers: { apikey: s.project.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ topic: 'big', event: 'e', payload: { x: 'y'.repeat(2000) } }] }),
      });
      assert.equal(res.status, 422);
      r.ws.send(JSON.stringify(['1', '4', 'realtime:big', 'broadcast', { type: 'broadcast', event: 'e', payload: { x: 'y'.repeat(200_000) } }]));
      assert.equal((await r.closed).code, 1009);
    });

    test('channels per connection: the one past the limit is refused with ChannelRateLimitReached', async () => {
      const s = await start({ maxChannelsPerConnection: 2 });
      const r = await rawSocket(s);
      for (const n of [1, 2, 3]) r.send([String(n), String(n), `realtime:c${n}`, 'phx_join', { config: {} }]);
      await r.frames.next(3);
      const byRef = new Map(r.json().map((m) => [m[1], m]));
      const replies = ['1', '2', '3'].map((ref) => byRef.get(ref));
      assert.deepEqual(replies.map((m) => m[4].status), ['ok', 'ok', 'error']);
      assert.equal(replies[2][4].response.reason, 'ChannelRateLimitReached: Too many channels');
      r.ws.close();
    });

    test('joins per second: the join past the limit is refused and its socket closed', async () => {
      const s = await start({ maxJoinsPerSecond: 3 });
      const r = await rawSocket(s);
      for (const n of [1, 2, 3, 4]) r.send([String(n), String(n), `realtime:j${n}`, 'phx_join', { config: {} }]);
      const fourth = await r.expect((f) => f[1] === '4');
      assert.deepEqual(fourth[4], { status: 'error', response: { reason: 'ClientJoinRateLimitReached: Too many joins per second' } });
      await r.closed;
    });

    test('messages per second: the channel over the limit gets the system error and is closed', async () => {
      const s = await start({ maxMessagesPerSecond: 5 });
      const r = await rawSocket(s);
      r.send(['1', '1', 'realtime:chatty', 'phx_join', { config: {} }]);
      await r.expect((f) => f[3] === 'phx_reply');
      for (let i = 0; i < 10; i++) r.send(['1', String(10 + i), 'realtime:chatty', 'broadcast', { type: 'broadcast', event: 'e', payload: { i } }]);
      const sys = await r.expect((f) => f[3] === 'system');
      assert.deepEqual(sys[4], { extension: 'system', status: 'error', message: 'Too many messages per second', channel: 'chatty' });
      await r.expect((f) => f[3] === 'phx_close');
      r.ws.close();
    });

    test('connections: the upgrade past the limit is refused with 429', async () => {
      const s = await start({ maxConnections: 1 });
      const first = await rawSocket(s);
      const ws = new WebSocket(`${s.wsUrl}?apikey=${s.project.anonKey}&vsn=2.0.0`);
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        ws.on('unexpected-response', (_req, r) => {
          let body = '';
          r.on('data', (c) => { body += c; });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        ws.on('open', () => reject(new Error('accepted past the limit')));
        ws.on('error', () => {});
      });
      assert.equal(res.status, 429);
      assert.deepEqual(JSON.parse(res.body), { error: 'Too many connected users' });
      first.ws.close();
    });

    test('a socket that sends nothing (no heartbeat) is closed after the idle timeout', async () => {
      const sink = logSink();
      const s = await start({ idleTimeoutMs: 200 }, sink);
      const r = await rawSocket(s);
      await r.closed;
      assert.equal((await sink.waitFor('socket_dropped')).reason, 'idle');
    });

    test('a slow consumer is dropped once its unsent bytes pass the limit (memory stays bounded)', async () => {
      const sink = logSink();
      const s = await start({ maxBufferedBytes: 256 * 1024, maxPayloadBytes: 200_000, maxMessagesPerSecond: 100_000 }, sink);
      const slow = await rawSocket(s);
      slow.send(['1', '1', 'realtime:flood', 'phx_join', { config: {} }]);
      await slow.expect((f) => f[3] === 'phx_reply');
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading: the server's writes pile up
      const fast = await client(s);
      const ch = await subscribed(fast.channel('flood', { config: { broadcast: { ack: true } } }));
      const big = 'z'.repeat(64_000);
      // each send waits for the server's ack, so the loop is paced by the server, not by a clock
      for (let i = 0; i < 1000 && s.service.stats().connections > 1; i++) {
        assert.equal(await ch.send({ type: 'broadcast', event: 'bulk', payload: { big, i } }), 'ok');
      }
      assert.equal((await sink.waitFor('socket_dropped')).reason, 'slow_consumer');
      assert.equal(s.service.stats().connections, 1);
    });

    test('after a server restart clients reconnect, resubscribe and receive changes committed afterwards', async () => {
      await tdb.db.query('create table if not exists public.restart_t (id serial primary key, v text)');
      await tdb.db.query('alter publication supabase_realtime add table public.restart_t');
      const first = await start();
      const port = new URL(first.url).port;
      const c = await client(first);
      const got = inbox();
      const joined = inbox();
      const ch = c.channel(`restart-${randomUUID()}`)
        .on('postgres_changes' as never, { event: 'INSERT', schema: 'public', table: 'restart_t' } as never, ((p: unknown) => got.push(p)) as never)
        .on('system', {}, (m) => { if (m.message === 'Subscribed to PostgreSQL') joined.push(m); });
      await subscribed(ch);
      await joined.next(1);
      await first.close();
      stack = await startStack(tdb.db, {}, { project: first.project, port: Number(port) });
      await joined.next(2); // realtime-js reconnected and rejoined by itself
      await tdb.db.query("insert into restart_t (v) values ('after restart')");
      assert.equal((await got.next(1))[0].new.v, 'after restart');
    });
  });
}
