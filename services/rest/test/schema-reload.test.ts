// The schema cache follows the database: DDL fires the event triggers of restMigrations(), which NOTIFY
// pgrst 'reload schema'; the new snapshot serves the next requests while requests in flight finish on theirs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, type Stack } from './harness.ts';
import { forEachEngine } from './cases.ts';

function nextReload(s: Stack): Promise<void> {
  return new Promise((resolve) => s.rest.onSchemaReload(resolve));
}

forEachEngine('schema cache reload', (get) => {
  test('a new table is served after DDL without a manual reload', async () => {
    const s = get();
    assert.equal((await call(s, { path: '/fresh' })).status, 404);
    const reloaded = nextReload(s);
    await s.db.query("create table public.fresh (id int primary key, v text); insert into public.fresh values (1, 'x')");
    await reloaded;
    const r = await call(s, { path: '/fresh' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, [{ id: 1, v: 'x' }]);
  });

  test('new columns, relationships and functions appear; dropped ones go', async () => {
    const s = get();
    let reloaded = nextReload(s);
    await s.db.query(`alter table public.fresh add column director_id int references public.directors(id);
      update public.fresh set director_id = 2;
      create function public.fresh_count() returns bigint language sql stable as 'select count(*) from public.fresh'`);
    await reloaded;
    assert.deepEqual((await call(s, { path: '/fresh?select=v,directors(last_name)' })).json, [{ v: 'x', directors: { last_name: 'Gerwig' } }]);
    assert.equal((await call(s, { path: '/rpc/fresh_count' })).json, 1);
    reloaded = nextReload(s);
    await s.db.query('drop function public.fresh_count(); drop table public.fresh');
    await reloaded;
    assert.equal((await call(s, { path: '/fresh' })).status, 404);
    assert.equal((await call(s, { path: '/rpc/fresh_count' })).status, 404);
  });

  test('NOTIFY pgrst reloads on demand', async () => {
    const s = get();
    const reloaded = nextReload(s);
    await s.db.query("notify pgrst, 'reload schema'");
    await reloaded;
  });

  test('requests in flight during a reload are not dropped', async () => {
    const s = get();
    const slow = call(s, { path: '/rpc/slow', method: 'POST', body: { ms: 300 } });
    const reloads = Promise.all([s.rest.reloadSchema(), s.rest.reloadSchema()]);
    const quick = await Promise.all(Array.from({ length: 5 }, () => call(s, { path: '/films?select=id&id=eq.1' })));
    await reloads;
    assert.deepEqual(quick.map((r) => r.status), [200, 200, 200, 200, 200]);
    const r = await slow;
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json, 300);
  });
});
