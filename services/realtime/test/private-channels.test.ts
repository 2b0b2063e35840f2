// Priority 3: private channels authorised by RLS policies on realtime.messages (read at join and on token
// refresh, write on first broadcast/track), REST private broadcast, database broadcasts (broadcast_changes).
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, openTestDb, startStack, client, setToken, closeClients, subscribed, inbox, rawSocket, userToken, type Stack, type TestDb } from './helpers.ts';

const POLICIES = `
create policy "team reads" on realtime.messages for select to authenticated
  using (realtime.topic() like 'team-%' and (auth.jwt() ->> 'team') = split_part(realtime.topic(), '-', 2)
         and realtime.messages.extension in ('broadcast', 'presence'));
create policy "team writes" on realtime.messages for insert to authenticated
  with check (realtime.topic() like 'team-%' and (auth.jwt() ->> 'team') = split_part(realtime.topic(), '-', 2)
              and (auth.jwt() ->> 'writer') = 'yes');
create table public.orders (id int primary key, item text);
create or replace function public.orders_broadcast() returns trigger language plpgsql security definer as $$
begin
  perform realtime.broadcast_changes('team-red-orders', tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
  return null;
end $$;
create trigger orders_broadcast after insert or update or delete on public.orders for each row execute function public.orders_broadcast();
`;

for (const { engine, skip } of engines()) {
  describe(`private channels (${engine})`, { skip }, () => {
    let tdb: TestDb;
    let stack: Stack;
    const red = (writer = true) => userToken(stack.project, randomUUID(), { extra: { team: 'red', writer: writer ? 'yes' : 'no' } });
    before(async () => {
      tdb = await openTestDb(engine);
      await tdb.db.query(POLICIES);
      stack = await startStack(tdb.db);
    });
    afterEach(closeClients);
    after(async () => {
      await stack?.close();
      await tdb?.drop();
    });

    test('a member allowed by policy joins and broadcasts; anon is refused with the documented reason', async () => {
      const a = await client(stack, { token: await red() });
      const b = await client(stack, { token: await red() });
      const got = inbox();
      await subscribed(a.channel('team-red', { config: { private: true } }).on('broadcast', { event: 'msg' }, (m) => got.push(m)));
      const chB = await subscribed(b.channel('team-red', { config: { private: true } }));
      await chB.send({ type: 'broadcast', event: 'msg', payload: { t: 1 } });
      assert.deepEqual((await got.next(1))[0].payload, { t: 1 });

      const anon = await client(stack);
      await assert.rejects(subscribed(anon.channel('team-red', { config: { private: true } })),
        /CHANNEL_ERROR Unauthorized: You do not have permissions to read from this Channel topic: team-red/);
      const blue = await client(stack, { token: await userToken(stack.project, randomUUID(), { extra: { team: 'blue' } }) });
      await assert.rejects(subscribed(blue.channel('team-red', { config: { private: true } })), /Unauthorized/);
    });

    test('without the write policy broadcasts are dropped silently; the public channel of the same name hears nothing', async () => {
      const reader = await client(stack, { token: await red(false) });
      const writer = await client(stack, { token: await red(true) });
      const observer = await client(stack, { token: await red() });
      const pub = await client(stack);
      const got = inbox();
      const gotPublic = inbox();
      await subscribed(observer.channel('team-red-2', { config: { private: true } }).on('broadcast', { event: '*' }, (m) => got.push(m)));
      await subscribed(pub.channel('team-red-2').on('broadcast', { event: '*' }, (m) => gotPublic.push(m)));
      const chR = await subscribed(reader.channel('team-red-2', { config: { private: true } }));
      const chW = await subscribed(writer.channel('team-red-2', { config: { private: true } }));
      await chR.send({ type: 'broadcast', event: 'from-reader', payload: {} });
      await chW.send({ type: 'broadcast', event: 'from-writer', payload: {} });
      const first = await got.next(1);
      assert.deepEqual(first.map((m) => m.event), ['from-writer']);
      // a public broadcast sent after them is the first thing the public channel hears
      const probeSender = await client(stack);
      await (await subscribed(probeSender.channel('team-red-2'))).send({ type: 'broadcast', event: 'public-hello', payload: {} });
      assert.deepEqual((await gotPublic.next(1)).map((m) => m.event), ['public-hello']);
    });

    test('REST private broadcast: delivered for a writer and for service_role, silently not for anon (still 202)', async () => {
      const observer = await client(stack, { token: await red() });
      const got = inbox();
      await subscribed(observer.channel('team-red-rest', { config: { private: true } }).on('broadcast', { event: '*' }, (m) => got.push(m)));
      const post = (bearer: string | null, event: string) => fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: { apikey: stack.project.anonKey, 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ messages: [{ topic: 'team-red-rest', event, payload: {}, private: true }] }),
      });
      assert.equal((await post(null, 'anon')).status, 202);
      assert.equal((await post(await red(true), 'writer')).status, 202);
      assert.equal((await post(stack.project.serviceRoleKey, 'service')).status, 202);
      assert.deepEqual((await got.next(2)).map((m) => m.event), ['writer', 'service']);
    });

    test('realtime.broadcast_changes from a trigger reaches the private channel with the row', async () => {
      const observer = await client(stack, { token: await red() });
      const got = inbox();
      await subscribed(observer.channel('team-red-orders', { config: { private: true } }).on('broadcast', { event: 'INSERT' }, (m) => got.push(m)));
      await tdb.db.query("insert into orders values (1, 'tea')");
      const [m] = await got.next(1);
      assert.equal(m.payload.operation, 'INSERT');
      assert.equal(m.payload.table, 'orders');
      assert.equal(m.payload.schema, 'public');
      assert.deepEqual(m.payload.record, { id: 1, item: 'tea' });
      assert.equal(m.payload.old_record, null);
      assert.equal(m.payload.id, m.meta.id);
    });

    test('private presence: a member tracks and the others see it', async () => {
      const a = await client(stack, { token: await red() });
      const b = await client(stack, { token: await red() });
      const joins = inbox();
      await subscribed(a.channel('team-red-pres', { config: { private: true, presence: { key: 'a' } } }).on('presence', { event: 'join' }, (e) => joins.push(e)));
      const chB = await subscribed(b.channel('team-red-pres', { config: { private: true, presence: { key: 'b' } } }));
      assert.equal(await chB.track({ here: 1 }), 'ok');
      assert.equal((await joins.next(1))[0].key, 'b');
    });

    test('a token refresh that loses read permission closes the channel with the documented message', async () => {
      const s = await rawSocket(stack);
      s.send(['1', '1', 'realtime:team-red-x', 'phx_join', { config: { private: true }, access_token: await red() }]);
      assert.equal((await s.expect((f) => f[3] === 'phx_reply'))[4].status, 'ok');
      const blue = await userToken(stack.project, randomUUID(), { extra: { team: 'blue' } });
      s.send(['1', '2', 'realtime:team-red-x', 'access_token', { access_token: blue }]);
      const sys = await s.expect((f) => f[3] === 'system');
      assert.deepEqual(sys[4], { extension: 'system', status: 'error', message: 'You no longer have permission to read from this Channel topic: team-red-x', channel: 'team-red-x' });
      await s.expect((f) => f[3] === 'phx_close');
      s.ws.close();
    });

    test('a persisted private message is delivered with meta.id and replayed to a later join', async () => {
      const observer = await client(stack, { token: await red() });
      const got = inbox();
      await subscribed(observer.channel('team-red-log', { config: { private: true } }).on('broadcast', { event: 'note' }, (m) => got.push(m)));
      const res = await fetch(`${stack.url}/realtime/v1/api/broadcast/team-red-log/events/note?private=true&persist=true`, {
        method: 'POST',
        headers: { apikey: stack.project.anonKey, authorization: `Bearer ${await red(true)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'kept' }),
      });
      assert.equal(res.status, 202);
      const [live] = await got.next(1);
      assert.deepEqual(live.payload, { text: 'kept' });
      assert.match(live.meta.id, /^[0-9a-f-]{36}$/);
      const late = await client(stack, { token: await red() });
      const replayed = inbox();
      await subscribed(late.channel('team-red-log', { config: { private: true, broadcast: { replay: { since: Date.now() - 60_000 } } } })
        .on('broadcast', { event: 'note' }, (m) => replayed.push(m)));
      const [r] = await replayed.next(1);
      assert.deepEqual(r.payload, { text: 'kept' });
      assert.deepEqual(r.meta, { replayed: true, id: live.meta.id });
    });

    test('setToken keeps a private channel when the new token still may read', async () => {
      const c = await client(stack, { token: await red() });
      const got = inbox();
      const ch = await subscribed(c.channel('team-red-keep', { config: { private: true, broadcast: { self: true, ack: true } } }).on('broadcast', { event: '*' }, (m) => got.push(m)));
      await setToken(c, await red());
      assert.equal(await ch.send({ type: 'broadcast', event: 'still-here', payload: {} }), 'ok');
      assert.equal((await got.next(1))[0].event, 'still-here');
    });
  });
}
