// Priority 2 through supabase-js: postgres changes INSERT/UPDATE/DELETE with and without filters, the
// supabase_realtime publication deciding, RLS per subscriber (two users see only their rows), unsubscribe,
// access_token refresh mid-subscription, subscription errors as system messages, database broadcasts.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { signJwt } from '@powabase/keys';
import { engines, openTestDb, startStack, client, setToken, closeClients, subscribed, inbox, rawSocket, userToken, type Stack, type TestDb } from './helpers.ts';

const SCHEMA = `
create table public.notes (id bigint generated always as identity primary key, title text, n int, done boolean default false,
                           tags text[], meta jsonb, at timestamptz default now());
alter table public.notes replica identity full;
create table public.todos (id bigint generated always as identity primary key, user_id uuid not null, title text);
alter table public.todos enable row level security;
create policy own_todos on public.todos for select to authenticated using (user_id = auth.uid());
create table public.unpublished (id int primary key);
alter publication supabase_realtime add table public.notes, public.todos;
`;

type Change = { schema: string; table: string; commit_timestamp: string; eventType: string; new: any; old: any; errors: any };

function pgChannel(c: SupabaseClient, name: string, filter: Record<string, string>, sink: { push(v: Change): void }): RealtimeChannel {
  return c.channel(name).on('postgres_changes' as never, filter as never, ((p: Change) => sink.push(p)) as never);
}

for (const { engine, skip } of engines()) {
  describe(`postgres changes (${engine})`, { skip }, () => {
    let tdb: TestDb;
    let stack: Stack;
    before(async () => {
      tdb = await openTestDb(engine);
      await tdb.db.query(SCHEMA);
      stack = await startStack(tdb.db);
    });
    afterEach(closeClients);
    after(async () => {
      await stack?.close();
      await tdb?.drop();
    });

    test('INSERT, UPDATE, DELETE arrive with the documented payload (REPLICA IDENTITY FULL gives full old rows)', async () => {
      const c = await client(stack);
      const got = inbox<Change>();
      await subscribed(pgChannel(c, `pg-${randomUUID()}`, { event: '*', schema: 'public', table: 'notes' }, got));
      const { rows: [row] } = await tdb.db.query("insert into notes (title, n, tags, meta) values ('a', 1, '{x,y}', '{\"k\": [1]}') returning id");
      await tdb.db.query("update notes set title = 'b', done = true where id = $1", [row.id]);
      await tdb.db.query('delete from notes where id = $1', [row.id]);
      const [ins, upd, del] = await got.next(3);
      assert.equal(ins.eventType, 'INSERT');
      assert.equal(ins.schema, 'public');
      assert.equal(ins.table, 'notes');
      assert.match(ins.commit_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(ins.errors, null);
      assert.deepEqual({ ...ins.new, at: undefined }, { id: Number(row.id), title: 'a', n: 1, done: false, tags: ['x', 'y'], meta: { k: [1] }, at: undefined });
      assert.deepEqual(ins.old, {});
      assert.equal(upd.eventType, 'UPDATE');
      assert.equal(upd.new.title, 'b');
      assert.equal(upd.new.done, true);
      assert.equal(upd.old.title, 'a');
      assert.equal(del.eventType, 'DELETE');
      assert.deepEqual(del.new, {});
      assert.equal(del.old.id, Number(row.id));
      assert.equal(del.old.title, 'b');
    });

    test('the join reply echoes each entry with an id; a system message confirms the subscription', async () => {
      const s = await rawSocket(stack);
      const entry = { event: 'INSERT', schema: 'public', table: 'notes', filter: 'n=eq.3' };
      s.send(['1', '1', 'realtime:echo', 'phx_join', { config: { postgres_changes: [entry] } }]);
      const reply = await s.expect((f) => f[3] === 'phx_reply');
      const [echoed] = reply[4].response.postgres_changes;
      assert.equal(reply[4].status, 'ok');
      assert.deepEqual({ ...echoed, id: 0 }, { ...entry, id: 0 });
      assert.equal(typeof echoed.id, 'number');
      const sys = await s.expect((f) => f[3] === 'system');
      assert.deepEqual(sys[4], { extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL', channel: 'echo' });
      await tdb.db.query('insert into notes (n) values (3)');
      const ev = await s.expect((f) => f[3] === 'postgres_changes');
      assert.deepEqual(ev[4].ids, [echoed.id]);
      assert.equal(ev[4].data.type, 'INSERT');
      assert.deepEqual(ev[4].data.columns.slice(0, 3), [{ name: 'id', type: 'int8' }, { name: 'title', type: 'text' }, { name: 'n', type: 'int4' }]);
      assert.equal('old_record' in ev[4].data, false);
      s.ws.close();
    });

    test('filters: eq, in, gt, and several at once; non-matching rows are not sent', async () => {
      const c = await client(stack);
      const eq = inbox<Change>();
      const inn = inbox<Change>();
      const multi = inbox<Change>();
      const tag = randomUUID().slice(0, 8);
      await subscribed(pgChannel(c, `f1-${tag}`, { event: 'INSERT', schema: 'public', table: 'notes', filter: `title=eq.${tag}-a` }, eq));
      await subscribed(pgChannel(c, `f2-${tag}`, { event: 'INSERT', schema: 'public', table: 'notes', filter: `title=in.(${tag}-b,"${tag}-c")` }, inn));
      await subscribed(pgChannel(c, `f3-${tag}`, { event: 'INSERT', schema: 'public', table: 'notes', filter: `n=gt.10,title=neq.${tag}-x` }, multi));
      // all three channels share one socket, so everything sent to a channel before the last row came first
      await tdb.db.query('insert into notes (title, n) values ($1, 1), ($2, 1), ($3, 1), ($4, 50), ($5, 20)', [`${tag}-zzz`, `${tag}-a`, `${tag}-c`, `${tag}-x`, `${tag}-ok`]);
      assert.deepEqual((await eq.next(1)).map((x) => x.new.title), [`${tag}-a`]);
      assert.deepEqual((await inn.next(1)).map((x) => x.new.title), [`${tag}-c`]);
      assert.deepEqual((await multi.next(1)).map((x) => x.new.title), [`${tag}-ok`]);
      assert.equal(eq.got.length + inn.got.length, 2);
    });

    test('an event filter (UPDATE only) skips other events', async () => {
      const c = await client(stack);
      const got = inbox<Change>();
      await subscribed(pgChannel(c, `upd-${randomUUID()}`, { event: 'UPDATE', schema: 'public', table: 'notes' }, got));
      const { rows: [r] } = await tdb.db.query("insert into notes (title) values ('u0') returning id");
      await tdb.db.query("update notes set title = 'u1' where id = $1", [r.id]);
      const [first] = await got.next(1);
      assert.equal(first.eventType, 'UPDATE');
      assert.equal(first.new.title, 'u1');
    });

    test('RLS: each of two users sees only their own rows; DELETE under RLS carries only the primary key', async () => {
      const u1 = randomUUID();
      const u2 = randomUUID();
      const c1 = await client(stack, { token: await userToken(stack.project, u1) });
      const c2 = await client(stack, { token: await userToken(stack.project, u2) });
      const got1 = inbox<Change>();
      const got2 = inbox<Change>();
      await subscribed(pgChannel(c1, `rls-${u1}`, { event: '*', schema: 'public', table: 'todos' }, got1));
      await subscribed(pgChannel(c2, `rls-${u2}`, { event: 'INSERT', schema: 'public', table: 'todos' }, got2));
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'mine-1')", [u1]);
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'mine-2')", [u2]);
      assert.deepEqual((await got1.next(1)).map((x) => x.new.title), ['mine-1']);
      assert.deepEqual((await got2.next(1)).map((x) => x.new.title), ['mine-2']);
      const { rows: [r] } = await tdb.db.query("insert into todos (user_id, title) values ($1, 'gone') returning id", [u1]);
      await got1.next(2); // RLS reads the row at delivery time: delete it only once its INSERT went out
      await tdb.db.query('delete from todos where id = $1', [r.id]);
      const events = await got1.next(3);
      assert.equal(events[2].eventType, 'DELETE');
      assert.deepEqual(events[2].old, { id: Number(r.id) });
    });

    test('grouped RLS check: two users with several subscribers each (equal claims), some filtered, see only what policy and filter allow', async () => {
      const u1 = randomUUID();
      const u2 = randomUUID();
      const t1 = await userToken(stack.project, u1);
      const tag = randomUUID().slice(0, 8);
      const [c1a, c1b, c2] = await Promise.all([client(stack, { token: t1 }), client(stack, { token: t1 }), client(stack, { token: await userToken(stack.project, u2) })]);
      const all1a = inbox<Change>();
      const all1b = inbox<Change>();
      const hot1 = inbox<Change>();
      const all2 = inbox<Change>();
      const hot2 = inbox<Change>();
      const ins = { event: 'INSERT', schema: 'public', table: 'todos' };
      await subscribed(pgChannel(c1a, `g1a-${tag}`, ins, all1a));
      await subscribed(pgChannel(c1a, `g1h-${tag}`, { ...ins, filter: `title=eq.${tag}-hot` }, hot1));
      await subscribed(pgChannel(c1b, `g1b-${tag}`, ins, all1b));
      await subscribed(pgChannel(c2, `g2a-${tag}`, ins, all2));
      await subscribed(pgChannel(c2, `g2h-${tag}`, { ...ins, filter: `title=eq.${tag}-hot` }, hot2));
      // one statement: one transaction, one drained batch, one check per distinct (role, claims)
      await tdb.db.query('insert into todos (user_id, title) values ($1, $3), ($1, $4), ($2, $4), ($2, $3)', [u1, u2, `${tag}-cold`, `${tag}-hot`]);
      const titles = (xs: Change[]) => xs.map((x) => `${x.new.user_id === u1 ? 'u1' : x.new.user_id === u2 ? 'u2' : '?'}:${x.new.title.slice(tag.length + 1)}`);
      assert.deepEqual(titles(await all1a.next(2)), ['u1:cold', 'u1:hot']);
      assert.deepEqual(titles(await all1b.next(2)), ['u1:cold', 'u1:hot']);
      assert.deepEqual(titles(await all2.next(2)), ['u2:hot', 'u2:cold']);
      // a later row per user, seen on the unfiltered channel of each socket, proves nothing else was on its way
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'end'), ($2, 'end')", [u1, u2]);
      await all1a.next(3);
      await all2.next(3);
      assert.deepEqual(titles(hot1.got), ['u1:hot']);
      assert.deepEqual(titles(hot2.got), ['u2:hot']);
      assert.equal(all1a.got.length, 3);
      assert.equal(all2.got.length, 3);
    });

    test('anon sees no rows of an RLS table whose policy is for authenticated', async () => {
      const anon = await client(stack);
      const u = randomUUID();
      const user = await client(stack, { token: await userToken(stack.project, u) });
      const gotAnon = inbox<Change>();
      const gotUser = inbox<Change>();
      const marker = inbox<Change>();
      await subscribed(pgChannel(anon, `anon-${u}`, { event: 'INSERT', schema: 'public', table: 'todos' }, gotAnon));
      await subscribed(pgChannel(anon, `anon-marker-${u}`, { event: 'INSERT', schema: 'public', table: 'notes' }, marker));
      await subscribed(pgChannel(user, `user-${u}`, { event: 'INSERT', schema: 'public', table: 'todos' }, gotUser));
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'private')", [u]);
      await gotUser.next(1);
      await tdb.db.query("insert into notes (title) values ('marker')");
      await marker.next(1);
      assert.equal(gotAnon.got.length, 0);
    });

    test('unsubscribe stops delivery', async () => {
      const c = await client(stack);
      const gone = inbox<Change>();
      const stays = inbox<Change>();
      const ch = pgChannel(c, `unsub-${randomUUID()}`, { event: 'INSERT', schema: 'public', table: 'notes' }, gone);
      await subscribed(ch);
      await subscribed(pgChannel(c, `stay-${randomUUID()}`, { event: 'INSERT', schema: 'public', table: 'notes' }, stays));
      assert.equal(await ch.unsubscribe(), 'ok');
      await tdb.db.query("insert into notes (title) values ('after-unsubscribe')");
      await stays.next(1);
      assert.equal(gone.got.length, 0);
    });

    test('access_token refresh: later changes are checked as the new user', async () => {
      const u1 = randomUUID();
      const u2 = randomUUID();
      const c = await client(stack, { token: await userToken(stack.project, u1) });
      const got = inbox<Change>();
      await subscribed(pgChannel(c, `refresh-${u1}`, { event: 'INSERT', schema: 'public', table: 'todos' }, got));
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'as-u1')", [u1]);
      await got.next(1);
      await setToken(c, await userToken(stack.project, u2));
      // the refresh is a push on the same socket; a broadcast round trip after it proves the server has it
      const probe = inbox();
      const probeCh = c.channel(`probe-${u1}`, { config: { broadcast: { self: true, ack: true } } }).on('broadcast', { event: 'p' }, (m) => probe.push(m));
      await subscribed(probeCh);
      await probeCh.send({ type: 'broadcast', event: 'p', payload: {} });
      await probe.next(1);
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'as-u1-again')", [u1]);
      await tdb.db.query("insert into todos (user_id, title) values ($1, 'as-u2')", [u2]);
      assert.deepEqual((await got.next(2)).map((x) => x.new.title), ['as-u1', 'as-u2']);
    });

    test('an expired access_token closes the channel with the documented system message', async () => {
      const s = await rawSocket(stack);
      const token = await userToken(stack.project);
      s.send(['1', '1', 'realtime:expiry', 'phx_join', { config: {}, access_token: token }]);
      await s.expect((f) => f[3] === 'phx_reply');
      const now = Math.floor(Date.now() / 1000);
      const expired = await signJwt(stack.project.jwtSecret, { sub: randomUUID(), role: 'authenticated', iat: now - 100, exp: now - 12 });
      s.send(['1', '2', 'realtime:expiry', 'access_token', { access_token: expired }]);
      const sys = await s.expect((f) => f[3] === 'system');
      assert.equal(sys[4].extension, 'system');
      assert.equal(sys[4].status, 'error');
      assert.match(sys[4].message, /^Token has expired 1\d seconds ago$/);
      assert.equal((await s.expect((f) => f[3] === 'phx_close'))[2], 'realtime:expiry');
      s.ws.close();
    });

    test('a channel closes by itself when its token reaches exp', async () => {
      const s = await rawSocket(stack);
      const now = Math.floor(Date.now() / 1000);
      const shortLived = await signJwt(stack.project.jwtSecret, { sub: randomUUID(), role: 'authenticated', iat: now, exp: now + 1 });
      s.send(['1', '1', 'realtime:short', 'phx_join', { config: {}, access_token: shortLived }]);
      assert.equal((await s.expect((f) => f[3] === 'phx_reply'))[4].status, 'ok');
      const sys = await s.expect((f) => f[3] === 'system');
      assert.deepEqual(sys[4], { extension: 'system', status: 'error', message: 'Token has expired 0 seconds ago', channel: 'short' });
      await s.expect((f) => f[3] === 'phx_close');
      s.ws.close();
    });

    test('a join with an expired token is refused as InvalidJWTToken', async () => {
      const s = await rawSocket(stack);
      const now = Math.floor(Date.now() / 1000);
      const expired = await signJwt(stack.project.jwtSecret, { role: 'authenticated', iat: now - 100, exp: now - 5 });
      s.send(['1', '1', 'realtime:late', 'phx_join', { config: {}, access_token: expired }]);
      const m = await s.expect((f) => f[3] === 'phx_reply');
      assert.equal(m[4].status, 'error');
      assert.match(m[4].response.reason, /^InvalidJWTToken: Token has expired \d+ seconds ago$/);
      s.ws.close();
    });

    test('bad subscription params and unpublished tables are reported as postgres_changes system errors', async () => {
      const s = await rawSocket(stack);
      s.send(['1', '1', 'realtime:bad1', 'phx_join', { config: { postgres_changes: [{ event: '*', schema: 'public', table: 'notes', filter: 'title=foo.bar' }] } }]);
      assert.equal((await s.expect((f) => f[3] === 'phx_reply'))[4].status, 'ok');
      const e1 = await s.expect((f) => f[3] === 'system');
      assert.deepEqual(e1[4], { extension: 'postgres_changes', status: 'error', message: 'Error parsing `filter` params: ["foo", "bar"]', channel: 'bad1' });
      s.send(['2', '2', 'realtime:bad2', 'phx_join', { config: { postgres_changes: [{ event: '*', schema: 'public', table: 'unpublished' }] } }]);
      const e2 = await s.expect((f) => f[3] === 'system' && f[2] === 'realtime:bad2');
      assert.equal(e2[4].status, 'error');
      assert.match(e2[4].message, /^Unable to subscribe to changes with given parameters/);
      s.send(['3', '3', 'realtime:bad3', 'phx_join', { config: { postgres_changes: [{ event: '*', schema: 'public', table: 'notes', filter: 'nope=eq.1' }] } }]);
      const e3 = await s.expect((f) => f[3] === 'system' && f[2] === 'realtime:bad3');
      assert.match(e3[4].message, /invalid column for filter nope$/);
      s.ws.close();
    });

    test('a table added to the publication later starts emitting; realtime.send() broadcasts with meta.id', async () => {
      await tdb.db.query('create table public.late (id int primary key, v text)');
      await tdb.db.query('alter publication supabase_realtime add table public.late');
      const c = await client(stack);
      const got = inbox<Change>();
      const bc = inbox();
      await subscribed(pgChannel(c, `late-${randomUUID()}`, { event: 'INSERT', schema: 'public', table: 'late' }, got));
      await subscribed(c.channel('db-room').on('broadcast', { event: 'from-db' }, (m) => bc.push(m)));
      await tdb.db.query("insert into late values (1, 'x')");
      assert.equal((await got.next(1))[0].new.v, 'x');
      await tdb.db.query(`select realtime.send('{"hello": "world"}'::jsonb, 'from-db', 'db-room', false)`);
      const [m] = await bc.next(1);
      assert.equal(m.event, 'from-db');
      assert.deepEqual(m.payload, { hello: 'world' });
      assert.match(m.meta.id, /^[0-9a-f-]{36}$/);
      await tdb.db.query('alter publication supabase_realtime drop table public.late');
      const t = await tdb.db.query("select count(*)::int as n from pg_trigger where tgname = 'realtime_capture' and tgrelid = 'public.late'::regclass");
      assert.equal(t.rows[0].n, 0);
    });
  });
}
