// POST /v1/projects/{ref}/database/query: SQL on the project database as its owner, errors with their position,
// who may run it, and a stopped project. The fake provisioner points the project's Database URL at a real database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { email, harness, onEachEngine, type Harness } from './harness.ts';
import { FakeProvisioner } from './fake-provisioner.ts';

onEachEngine((db) => {
  let h: Harness;
  let owner: string;
  let ref: string;
  const q = (query: unknown, token = owner, r = ref) => h.req('POST', `/v1/projects/${r}/database/query`, { token, body: { query } });

  before(async () => {
    const prov = new FakeProvisioner();
    prov.dbUrl = db().url;
    h = await harness(db(), {}, prov);
    owner = (await h.signup(email('sql-owner'))).token;
    const org = await h.req('POST', '/v1/organizations', { token: owner, body: { name: 'SQL Org' } });
    const p = await h.req('POST', '/v1/projects', { token: owner, body: { name: 'sql', organization_id: org.body.slug } });
    assert.equal(p.status, 201);
    ref = p.body.ref;
  });
  after(async () => { await h.close(); });

  test('returns the rows of the last statement, with Postgres values as JSON', async () => {
    const r = await q(`create temp table if not exists t_q (id int8, name text, at timestamptz, d date, b bytea, j jsonb, ok bool);
      insert into t_q values (1, 'a', '2024-01-02 03:04:05+00', '2024-02-03', '\\x0102', '{"k":[1]}', true);
      select * from t_q; select id, name from t_q where false`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, [], 'the last statement that returns rows decides, even with none');
    const all = await q('select 1::int4 as n, 2::int8 as big, null::text as nothing, \'2024-02-03\'::date as d, \'\\x0102\'::bytea as b, \'{"k":[1]}\'::jsonb as j');
    assert.deepEqual(all.body, [{ n: 1, big: '2', nothing: null, d: '2024-02-03', b: '\\x0102', j: { k: [1] } }]);
  });

  test('statements without rows answer []', async () => {
    const r = await q('create table if not exists sql_route_t (id int primary key); insert into sql_route_t values (1) on conflict do nothing');
    assert.deepEqual([r.status, r.body], [200, []]);
    const back = await q('select count(*)::int as n from sql_route_t');
    assert.deepEqual(back.body, [{ n: 1 }]);
    await q('drop table sql_route_t');
  });

  test('a failing statement is a 400 sql_failed with SQLSTATE, line and caret', async () => {
    const r = await q('select 1;\nselect * from no_such_table_x');
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'sql_failed');
    assert.match(r.body.message, /^ERROR: 42P01: relation "no_such_table_x" does not exist\nLINE 2: select \* from no_such_table_x\n {22}\^$/);
    assert.deepEqual(r.body.details, { sqlstate: '42P01', position: 25, line: 2, column: 15 });
    const syntax = await q('selec 1');
    assert.deepEqual([syntax.status, syntax.body.details.sqlstate, syntax.body.details.position], [400, '42601', 1]);
  });

  test('a transaction the SQL leaves open is rolled back, so later calls are not stuck in it', async () => {
    const open = await q('begin; create table sql_route_left_open (id int)');
    assert.equal(open.status, 200);
    const after = await q("select to_regclass('sql_route_left_open')::text as t");
    assert.deepEqual(after.body, [{ t: null }]);
  });

  test('an empty query is a 400; a missing body field is a 400', async () => {
    assert.deepEqual([(await q('  ')).status, (await q('  ')).body.code], [400, 'validation_failed']);
    const r = await h.req('POST', `/v1/projects/${ref}/database/query`, { token: owner, body: {} });
    assert.equal(r.status, 400);
  });

  test('developers may run SQL; read_only members get 403; outsiders 404', async () => {
    const slug = (await h.req('GET', `/v1/projects/${ref}`, { token: owner })).body.organization_slug;
    const roles: Record<string, number> = { developer: 200, read_only: 403 };
    for (const [role, want] of Object.entries(roles)) {
      const s = await h.signup(email(`sql-${role}`));
      const me = await h.req('GET', '/v1/auth/user', { token: s.token });
      const inv = await h.req('POST', `/v1/organizations/${slug}/invitations`, { token: owner, body: { email: me.body.email, role } });
      assert.equal((await h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token: s.token })).status, 200);
      const r = await q('select 1 as one', s.token);
      assert.equal(r.status, want, `${role}: ${JSON.stringify(r.body)}`);
      if (want === 403) assert.equal(r.body.code, 'forbidden');
    }
    const outsider = await h.signup(email('sql-outsider'));
    assert.equal((await q('select 1', outsider.token)).status, 404);
    const anonymous = await h.req('POST', `/v1/projects/${ref}/database/query`, { body: { query: 'select 1' } });
    assert.equal(anonymous.status, 401);
  });

  test('a paused project answers 409 project_not_running', async () => {
    const slug = (await h.req('GET', `/v1/projects/${ref}`, { token: owner })).body.organization_slug;
    const p = await h.req('POST', '/v1/projects', { token: owner, body: { name: 'paused', organization_id: slug } });
    assert.equal((await h.req('POST', `/v1/projects/${p.body.ref}/pause`, { token: owner })).status, 200);
    const r = await q('select 1', owner, p.body.ref);
    assert.deepEqual([r.status, r.body.code], [409, 'project_not_running']);
  });
});
