// Presence through supabase-js: sync/join/leave, presence_state and presence_diff shapes, update on
// re-track, untrack, and cleanup when a socket drops.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, openTestDb, startStack, client, closeClients, subscribed, inbox, condition, rawSocket, type Stack, type TestDb } from './helpers.ts';

for (const { engine, skip } of engines()) {
  describe(`presence (${engine})`, { skip }, () => {
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

    test('track: both members see each other (sync, join), untrack emits leave', async () => {
      const room = `pres-${randomUUID()}`;
      const a = await client(stack);
      const b = await client(stack);
      const joinsA = inbox();
      const leavesA = inbox();
      const chA = a.channel(room, { config: { presence: { key: 'alice' } } })
        .on('presence', { event: 'join' }, (e) => joinsA.push(e))
        .on('presence', { event: 'leave' }, (e) => leavesA.push(e));
      const syncB = condition();
      const chB = b.channel(room, { config: { presence: { key: 'bob' } } }).on('presence', { event: 'sync' }, () => syncB.poke());
      await subscribed(chA);
      await subscribed(chB);
      assert.equal(await chA.track({ name: 'Alice' }), 'ok');
      assert.equal(await chB.track({ name: 'Bob' }), 'ok');
      const joins = await joinsA.next(2);
      assert.deepEqual(joins.map((j) => j.key).sort(), ['alice', 'bob']);
      const bobJoin = joins.find((j) => j.key === 'bob');
      assert.equal(bobJoin.newPresences[0].name, 'Bob');
      assert.equal(typeof bobJoin.newPresences[0].presence_ref, 'string');
      await syncB.until(() => Object.keys(chB.presenceState()).length === 2, 'both members in b');
      assert.deepEqual(Object.keys(chB.presenceState()).sort(), ['alice', 'bob']);
      assert.equal(await chB.untrack(), 'ok');
      const [leave] = await leavesA.next(1);
      assert.equal(leave.key, 'bob');
      assert.equal(leave.leftPresences[0].name, 'Bob');
      assert.deepEqual(Object.keys(chA.presenceState()), ['alice']);
    });

    test('a late joiner receives presence_state with every member; re-track updates in place', async () => {
      const room = `state-${randomUUID()}`;
      const a = await client(stack);
      const chA = a.channel(room, { config: { presence: { key: 'k1' } } });
      await subscribed(chA);
      await chA.track({ v: 1 });
      const s = await rawSocket(stack);
      s.send(['9', '9', `realtime:${room}`, 'phx_join', { config: { presence: { key: 'k2', enabled: true } } }]);
      await s.expect((f) => f[3] === 'phx_reply');
      const state = await s.expect((f) => f[3] === 'presence_state');
      assert.deepEqual(Object.keys(state[4]), ['k1']);
      const first = state[4].k1.metas[0];
      assert.equal(first.v, 1);
      assert.equal(typeof first.phx_ref, 'string');
      await chA.track({ v: 2 });
      const diff = await s.expect((f) => f[3] === 'presence_diff');
      assert.equal(diff[4].joins.k1.metas[0].v, 2);
      assert.equal(diff[4].joins.k1.metas[0].phx_ref_prev, first.phx_ref);
      assert.deepEqual(diff[4].leaves.k1.metas, [{ v: 1, phx_ref: first.phx_ref }]);
      s.ws.close();
    });

    test('a socket that drops leaves presence: the others get a leave diff', async () => {
      const room = `drop-${randomUUID()}`;
      const a = await client(stack);
      const leaves = inbox();
      const joinedA = condition();
      const chA = a.channel(room, { config: { presence: { key: 'watcher' } } })
        .on('presence', { event: 'leave' }, (e) => leaves.push(e))
        .on('presence', { event: 'join' }, () => joinedA.poke());
      await subscribed(chA);
      const s = await rawSocket(stack);
      s.send(['1', '1', `realtime:${room}`, 'phx_join', { config: { presence: { key: 'ghost' } } }]);
      await s.expect((f) => f[3] === 'phx_reply');
      s.send(['1', '2', `realtime:${room}`, 'presence', { type: 'presence', event: 'track', payload: { here: true } }]);
      assert.deepEqual((await s.expect((f) => f[1] === '2'))[4], { status: 'ok', response: {} });
      await joinedA.until(() => 'ghost' in chA.presenceState(), 'ghost joined');
      s.ws.terminate();
      const [leave] = await leaves.next(1);
      assert.equal(leave.key, 'ghost');
      assert.equal('ghost' in chA.presenceState(), false);
    });

    test('track with a non-map payload is refused with the documented reason', async () => {
      const s = await rawSocket(stack);
      s.send(['1', '1', 'realtime:badtrack', 'phx_join', { config: {} }]);
      await s.expect((f) => f[3] === 'phx_reply');
      s.send(['1', '2', 'realtime:badtrack', 'presence', { type: 'presence', event: 'track', payload: [1, 2] }]);
      assert.deepEqual((await s.expect((f) => f[1] === '2'))[4], { status: 'error', response: { reason: 'Presence track payload must be a map' } });
      s.ws.close();
    });
  });
}
