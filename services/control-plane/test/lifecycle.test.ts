// Project lifecycle through the API with a fake provisioner: every transition (and refused ones), the
// statuses in between, provisioner failures, recover() after a crash, Connect data and first-start setup.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyJwt } from '@powabase/keys';
import { email, harness, onEachEngine, type Harness } from './harness.ts';
import { FakeProvisioner } from './fake-provisioner.ts';

onEachEngine((db) => {
  let h: Harness;
  let token: string;
  let slug: string;
  const create = (body: Record<string, unknown> = {}) => h.req('POST', '/v1/projects', { token, body: { name: 'app', organization_id: slug, ...body } });
  const get = (ref: string) => h.req('GET', `/v1/projects/${ref}`, { token });
  const act = (ref: string, what: 'pause' | 'restore' | 'resume') => h.req('POST', `/v1/projects/${ref}/${what}`, { token });
  const del = (ref: string) => h.req('DELETE', `/v1/projects/${ref}`, { token });
  const statusOf = async (ref: string) => (await db().query('select status from platform.projects where ref = $1', [ref])).rows[0]?.status;

  before(async () => {
    h = await harness(db());
    token = (await h.signup(email('life'))).token;
    slug = (await h.req('POST', '/v1/organizations', { token, body: { name: 'Lifecycle' } })).body.slug;
  });
  after(async () => { await h?.close(); });

  test('create: 201 ACTIVE_HEALTHY after provisioner.create, with a 20-letter ref, default compute and URLs', async () => {
    const r = await create();
    assert.equal(r.status, 201);
    assert.match(r.body.ref, /^[a-z]{20}$/);
    assert.equal(r.body.id, r.body.ref);
    assert.equal(r.body.status, 'ACTIVE_HEALTHY');
    assert.deepEqual(r.body.compute, { cpu: '400m', memory: '1Gi', disk: '10Gi' });
    assert.equal(r.body.url, h.prov.endpoints(r.body.ref)!.url);
    assert.equal(r.body.database.host, '127.0.0.1');
    assert.equal(h.prov.count('create', r.body.ref), 1);
    const spec = h.prov.projects.get(r.body.ref)!.spec!;
    const keys = (await h.req('GET', `/v1/projects/${r.body.ref}/api-keys`, { token })).body;
    assert.equal(keys[0].api_key, spec.secrets.anonKey);
    const claims = await verifyJwt(spec.secrets.jwtSecret, keys[1].api_key);
    assert.deepEqual([claims.role, claims.ref], ['service_role', r.body.ref]);
  });

  test('create shows COMING_UP while the provisioner works', async () => {
    const held = h.prov.hold('create');
    const pending = create();
    await held.reached;
    const listed = (await h.req('GET', '/v1/projects', { token })).body.find((p: { status: string }) => p.status === 'COMING_UP');
    assert.ok(listed, 'the project is listed as COMING_UP');
    // Nothing else may happen to it meanwhile.
    for (const what of ['pause', 'restore'] as const) assert.equal((await act(listed.ref, what)).status, 409);
    assert.equal((await del(listed.ref)).status, 409);
    held.release();
    const r = await pending;
    assert.deepEqual([r.status, r.body.status], [201, 'ACTIVE_HEALTHY']);
  });

  test('create failure: FAILED, a 502 with a plain message (no 500), then restore finishes it with create', async () => {
    h.prov.fail('create', { message: 'disk on fire at /secret/path' });
    const r = await create({ name: 'doomed' });
    assert.equal(r.status, 502);
    assert.equal(r.body.code, 'provisioning_failed');
    assert.ok(!r.body.message.includes('/secret/path'), 'provisioner internals stay in the log');
    const ref = /project ([a-z]{20})/.exec(r.body.message)![1];
    assert.equal((await get(ref)).body.status, 'FAILED');
    const restored = await act(ref, 'restore');
    assert.deepEqual([restored.status, restored.body.status], [200, 'ACTIVE_HEALTHY']);
    assert.equal(h.prov.count('create', ref), 2);
    assert.equal(h.prov.count('resume', ref), 0);
  });

  test('pause and restore, with PAUSING and RESTORING in between, and refused repeats', async () => {
    const ref = (await create()).body.ref;
    const holdPause = h.prov.hold('pause');
    const pausing = act(ref, 'pause');
    await holdPause.reached;
    assert.equal((await get(ref)).body.status, 'PAUSING');
    holdPause.release();
    assert.deepEqual([(await pausing).status, (await pausing).body.status], [200, 'PAUSED']);
    assert.equal((await get(ref)).body.url, null, 'a paused project has no endpoints');
    const again = await act(ref, 'pause');
    assert.deepEqual([again.status, again.body.code], [409, 'invalid_transition']);
    assert.match(again.body.message, /while it is PAUSED/);
    const holdResume = h.prov.hold('resume');
    const restoring = act(ref, 'resume');
    await holdResume.reached;
    assert.equal((await get(ref)).body.status, 'RESTORING');
    holdResume.release();
    assert.equal((await restoring).body.status, 'ACTIVE_HEALTHY');
    assert.equal((await act(ref, 'restore')).status, 409);
  });

  test('provisioner failures: pause -> UNHEALTHY (pause again works), resume -> FAILED (restore recreates)', async () => {
    const ref = (await create()).body.ref;
    h.prov.fail('pause');
    const p = await act(ref, 'pause');
    assert.deepEqual([p.status, p.body.code], [502, 'provisioner_failed']);
    assert.equal(await statusOf(ref), 'UNHEALTHY');
    assert.equal((await act(ref, 'pause')).body.status, 'PAUSED');
    h.prov.fail('resume');
    assert.equal((await act(ref, 'restore')).status, 502);
    assert.equal(await statusOf(ref), 'FAILED');
    assert.equal((await act(ref, 'restore')).body.status, 'ACTIVE_HEALTHY');
  });

  test('health flips ACTIVE_HEALTHY <-> UNHEALTHY; UNHEALTHY can be paused or restored', async () => {
    const ref = (await create()).body.ref;
    assert.deepEqual((await h.req('GET', `/v1/projects/${ref}/health`, { token })).body, [{ name: 'project', healthy: true, status: 'ACTIVE_HEALTHY' }]);
    h.prov.unhealthy.add(ref);
    const sick = (await h.req('GET', `/v1/projects/${ref}/health`, { token })).body[0];
    assert.deepEqual([sick.healthy, sick.status, sick.error], [false, 'UNHEALTHY', 'gateway down']);
    assert.equal((await get(ref)).body.status, 'UNHEALTHY');
    h.prov.unhealthy.delete(ref);
    assert.equal((await h.req('GET', `/v1/projects/${ref}/health`, { token })).body[0].status, 'ACTIVE_HEALTHY');
    h.prov.unhealthy.add(ref);
    await h.req('GET', `/v1/projects/${ref}/health`, { token });
    assert.equal((await act(ref, 'restore')).body.status, 'ACTIVE_HEALTHY');
    assert.equal(h.prov.count('resume', ref), 1);
    await act(ref, 'pause');
    const paused = (await h.req('GET', `/v1/projects/${ref}/health`, { token })).body[0];
    assert.deepEqual([paused.healthy, paused.status], [false, 'PAUSED']);
  });

  test('delete: REMOVED, provisioner.remove, secrets wiped, then gone; works from PAUSED too', async () => {
    for (const paused of [false, true]) {
      const ref = (await create()).body.ref;
      if (paused) await act(ref, 'pause');
      const r = await del(ref);
      assert.deepEqual([r.status, r.body.status], [200, 'REMOVED']);
      assert.equal(h.prov.count('remove', ref), 1);
      assert.equal(h.prov.projects.has(ref), false);
      assert.equal((await db().query('select 1 from platform.project_secrets where ref = $1', [ref])).rowCount, 0);
      assert.equal((await get(ref)).status, 404);
      assert.equal((await del(ref)).status, 404);
      assert.equal((await act(ref, 'restore')).status, 404);
      assert.ok(!(await h.req('GET', '/v1/projects', { token })).body.some((p: { ref: string }) => p.ref === ref));
    }
  });

  test('a failed removal stays REMOVED and is retried by recover()', async () => {
    const ref = (await create()).body.ref;
    h.prov.fail('remove');
    const r = await del(ref);
    assert.deepEqual([r.status, r.body.code], [502, 'provisioner_failed']);
    assert.equal(await statusOf(ref), 'REMOVED');
    assert.equal((await db().query('select 1 from platform.project_secrets where ref = $1', [ref])).rowCount, 0);
    const report = await h.cp.recover();
    assert.ok(report.some((e) => e.ref === ref && e.to === 'REMOVED' && !e.error));
    assert.equal(h.prov.projects.has(ref), false);
    assert.equal((await db().query('select removal_pending from platform.projects where ref = $1', [ref])).rows[0].removal_pending, false);
  });

  test('PATCH renames and changes compute; bad compute is a 400', async () => {
    const ref = (await create({ compute: { cpu: '1', memory: '2Gi' } })).body.ref;
    assert.deepEqual((await get(ref)).body.compute, { cpu: '1', memory: '2Gi', disk: '10Gi' });
    const r = await h.req('PATCH', `/v1/projects/${ref}`, { token, body: { name: 'renamed', compute: { disk: '20Gi' } } });
    assert.deepEqual([r.status, r.body.name, r.body.compute], [200, 'renamed', { cpu: '1', memory: '2Gi', disk: '20Gi' }]);
    const bad = await h.req('PATCH', `/v1/projects/${ref}`, { token, body: { compute: { memory: 'lots' } } });
    assert.deepEqual([bad.status, bad.body.code], [400, 'invalid_compute']);
    assert.equal((await create({ compute: { cpu: 'x' } })).status, 400);
    assert.equal((await h.req('PATCH', `/v1/projects/${ref}`, { token, body: {} })).status, 400);
    assert.equal((await h.req('PATCH', `/v1/projects/${ref}`, { token, body: { unknown: 1 } })).status, 400);
    // The next resume gets the new compute.
    await act(ref, 'pause');
    await act(ref, 'restore');
    assert.equal(h.prov.projects.get(ref)!.spec!.compute.disk, '20Gi');
  });

  test('connect: URL, keys, JWT secret, Database URL and snippets from the provisioner endpoints', async () => {
    const ref = (await create({ db_pass: 'my-db-pass-1' })).body.ref;
    const c = (await h.req('GET', `/v1/projects/${ref}/connect`, { token })).body;
    const ep = h.prov.endpoints(ref)!;
    const port = Number(new URL(ep.dbUrl).port);
    assert.equal(c.url, ep.url);
    assert.equal(c.db_url, `postgresql://postgres:my-db-pass-1@127.0.0.1:${port}/postgres`);
    assert.equal(c.status, 'ACTIVE_HEALTHY');
    assert.equal(c.jwt_secret, h.prov.projects.get(ref)!.spec!.secrets.jwtSecret);
    assert.equal(c.connection_strings.uri, c.db_url);
    assert.equal(c.connection_strings.psql, `psql '${c.db_url}'`);
    assert.ok(c.connection_strings.env.includes(`SUPABASE_URL=${ep.url}`));
    assert.deepEqual(await h.cp.connectInfo(ref), c);
    await act(ref, 'pause');
    const paused = (await h.req('GET', `/v1/projects/${ref}/connect`, { token })).body;
    assert.deepEqual([paused.url, paused.db_url, paused.connection_strings, paused.status], [null, null, null, 'PAUSED']);
    assert.equal(typeof paused.anon_key, 'string');
  });

  test('recover() after a crash mid-creation finishes the project with create on the same ref and secrets', async () => {
    const held = h.prov.hold('create');
    const pending = create({ name: 'crashy' });
    await held.reached;
    const ref = h.prov.calls.at(-1)!.ref;
    assert.equal(await statusOf(ref), 'COMING_UP');
    // The process dies here. A new platform starts over the same database with a fresh provisioner that
    // finds the half-made project.
    const prov2 = new FakeProvisioner();
    prov2.markHalfMade(ref);
    const h2 = await harness(db(), {}, prov2);
    const report = await h2.cp.recover();
    assert.deepEqual(report.find((e) => e.ref === ref), { ref, from: 'COMING_UP', to: 'ACTIVE_HEALTHY' });
    assert.equal(prov2.count('create', ref), 1);
    const secrets = (await db().query('select anon_key from platform.project_secrets where ref = $1', [ref])).rows[0];
    assert.equal(prov2.projects.get(ref)!.spec!.secrets.anonKey, secrets.anon_key);
    // The old request finally fails; it must not clobber the recovered status.
    held.release(new Error('process was killed'));
    assert.equal((await pending).status, 502);
    assert.equal(await statusOf(ref), 'ACTIVE_HEALTHY');
    await h2.close();
  });

  test('recover(): each status handled; failures become FAILED or UNHEALTHY; PAUSED and FAILED untouched', async () => {
    const refs = { up: '', restoring: '', pausing: '', active: '', paused: '', failed: '', upFails: '', activeFails: '' };
    for (const k of Object.keys(refs) as Array<keyof typeof refs>) refs[k] = (await create({ name: k })).body.ref;
    const set = (ref: string, s: string) => db().query('update platform.projects set status = $2 where ref = $1', [ref, s]);
    await set(refs.up, 'COMING_UP');
    await set(refs.upFails, 'COMING_UP');
    await set(refs.restoring, 'RESTORING');
    await set(refs.pausing, 'PAUSING');
    await set(refs.paused, 'PAUSED');
    await set(refs.failed, 'FAILED');
    const prov2 = new FakeProvisioner();
    for (const ref of Object.values(refs)) prov2.markHalfMade(ref);
    for (const ref of [refs.active, refs.activeFails, refs.pausing]) prov2.projects.get(ref)!.state = 'paused';
    prov2.fail('create', { ref: refs.upFails });
    prov2.fail('resume', { ref: refs.activeFails });
    const h2 = await harness(db(), {}, prov2);
    const report = await h2.cp.recover();
    const to = (ref: string) => report.find((e) => e.ref === ref)?.to;
    assert.equal(to(refs.up), 'ACTIVE_HEALTHY');
    assert.equal(to(refs.restoring), 'ACTIVE_HEALTHY');
    assert.equal(prov2.count('create', refs.restoring), 1);
    assert.equal(to(refs.pausing), 'PAUSED');
    assert.equal(to(refs.active), 'ACTIVE_HEALTHY');
    assert.equal(prov2.count('resume', refs.active), 1);
    assert.equal(to(refs.upFails), 'FAILED');
    assert.ok(report.find((e) => e.ref === refs.upFails)!.error);
    assert.equal(to(refs.activeFails), 'UNHEALTHY');
    assert.equal(to(refs.paused), undefined);
    assert.equal(to(refs.failed), undefined);
    assert.equal(await statusOf(refs.paused), 'PAUSED');
    assert.equal(prov2.calls.filter((c) => c.ref === refs.paused || c.ref === refs.failed).length, 0);
    await h2.close();
  });

  test('ensureLocalSetup: owner, org, project and a CLI token; the same on a second call', async () => {
    const input = { email: email('local'), password: 'local-password', orgName: 'Default organization', projectName: 'Default project' };
    const a = await h.cp.ensureLocalSetup(input);
    assert.equal(a.organization.role, 'owner');
    assert.equal(a.project!.status, 'ACTIVE_HEALTHY');
    assert.match(a.accessToken, /^pbp_[0-9a-f]{40}$/);
    const b = await h.cp.ensureLocalSetup(input);
    assert.deepEqual([b.user.id, b.organization.id, b.project!.ref, b.accessToken], [a.user.id, a.organization.id, a.project!.ref, a.accessToken]);
    const viaPat = await h.req('GET', `/v1/projects/${a.project!.ref}`, { token: a.accessToken });
    assert.deepEqual([viaPat.status, viaPat.body.name], [200, 'Default project']);
    const tokens = (await h.req('GET', '/v1/access-tokens', { token: a.accessToken })).body;
    assert.deepEqual(tokens.map((t: { name: string }) => t.name), ['powabase-cli']);
    const login = await h.req('POST', '/v1/auth/token?grant_type=password', { body: { email: input.email, password: input.password } });
    assert.equal(login.status, 200);
    assert.equal((await h.cp.bootstrapOwner({ email: input.email, password: 'ignored' })).id, a.user.id);
    const none = await h.cp.ensureLocalSetup({ ...input, email: email('noproj'), projectName: null });
    assert.equal(none.project, null);
  });
});
