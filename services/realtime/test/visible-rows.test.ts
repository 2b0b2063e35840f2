// realtime.visible_rows (the batch RLS check of postgres changes) against a real database: per claims set the
// rows its policies let through, a raising policy or an unknown role hiding everything, no prepared statement,
// role or plan_cache_mode left behind, and a statement a failed call left behind replaced.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines, openTestDb, type TestDb } from './helpers.ts';

const A = randomUUID();
const B = randomUUID();
const BAD = randomUUID();

const SCHEMA = `
create table public.vr_items (id bigint primary key, owner uuid not null);
alter table public.vr_items enable row level security;
grant select on public.vr_items to anon, authenticated;
create function public.vr_boom() returns boolean language plpgsql as $$ begin raise exception 'policy failed'; end $$;
create policy vr_read on public.vr_items for select to authenticated
  using (case when auth.uid() = '${BAD}' then public.vr_boom() else owner = auth.uid() end);
create table public.vr_two (a int, b text, primary key (a, b));
alter table public.vr_two enable row level security;
grant select on public.vr_two to authenticated;
create policy vr_two_read on public.vr_two for select to authenticated using (b = auth.jwt() ->> 'team');
insert into public.vr_items values (1, '${A}'), (2, '${B}'), (3, '${A}');
insert into public.vr_two values (1, 'red'), (1, 'blue');
`;

const claims = (sub: string | null, role = 'authenticated', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...(sub ? { sub } : {}), role, ...extra });
const CALL = 'select realtime.visible_rows($1::regclass, $2::jsonb[], $3::jsonb[]) as v';

for (const { engine, skip } of engines()) {
  describe(`realtime.visible_rows (${engine})`, { skip }, () => {
    let tdb: TestDb;
    before(async () => {
      tdb = await openTestDb(engine);
      await tdb.db.query(SCHEMA);
    });
    after(async () => { await tdb?.drop(); });

    test('each claims set sees the rows its policy allows; raising policies and unknown roles see none', async () => {
      const pks = [1, 2, 3, 4].map((id) => JSON.stringify({ id }));
      const who = [claims(null, 'anon'), claims(A), claims(BAD), claims(B), claims(A, 'no_such_role'), claims(A)];
      const { rows: [r] } = await tdb.db.query(CALL, ['public.vr_items', pks, who]);
      assert.deepEqual(r.v, [[], [1, 3], [], [2], [], [1, 3]]);
    });

    test('composite primary keys and claims other than sub', async () => {
      const pks = [{ a: 1, b: 'red' }, { a: 1, b: 'blue' }, { a: 2, b: 'red' }].map((k) => JSON.stringify(k));
      const { rows: [r] } = await tdb.db.query(CALL, ['public.vr_two', pks, [claims(A, 'authenticated', { team: 'blue' }), claims(B, 'authenticated', { team: 'red' })]]);
      assert.deepEqual(r.v, [[2], [1]]);
    });

    test('leaves no prepared statement, role or plan_cache_mode behind, and replaces a leftover statement', async () => {
      const after = await tdb.db.tx(async (c) => {
        // a statement of the same name that an interrupted call could have left in this session
        await c.query("prepare realtime_visible_rows as select 'stale'");
        const { rows: [r] } = await c.query(CALL, ['public.vr_items', [JSON.stringify({ id: 2 })], [claims(B)]]);
        assert.deepEqual(r.v, [[1]]); // 1-based index of the row in pks
        return (await c.query(`select current_user as u, current_setting('plan_cache_mode') as m,
          (select count(*)::int from pg_prepared_statements where name = 'realtime_visible_rows') as n`)).rows[0];
      });
      assert.deepEqual(after, { u: 'postgres', m: 'auto', n: 0 });
    });
  });
}
