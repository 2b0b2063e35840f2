// Black-box project lifecycle through the CLI and platform API: pause, resume, restart, delete, crash recovery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { cli, cliToken, envFor, startPlatform, tempDataDir, type Connect, type Running } from './lib/platform.ts';

let env: NodeJS.ProcessEnv;
let dir: string;
let running: Running;
let B: Connect;

const json = async (args: string[]) => {
  const r = await cli([...args, '--json'], env);
  assert.equal(r.code, 0, `powabase ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

async function dbValue(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query('select v from kept')).rows[0].v; } finally { await c.end(); }
}

const reachable = (url: string) => fetch(`${url}/api/health`).then((r) => r.ok, () => false);

before(async () => {
  dir = tempDataDir();
  env = await envFor(dir);
  running = await startPlatform(env);
  B = await json(['projects', 'create', '--name', 'lifecycle']);
  const c = new pg.Client({ connectionString: B.db_url });
  await c.connect();
  await c.query('create table kept (v int); insert into kept values (7)');
  await c.end();
});

after(async () => { await running?.stop(); });

test('pause stops the data plane and resume brings it back with its data', async () => {
  const paused = await json(['projects', 'pause', B.ref]);
  assert.equal(paused.status, 'PAUSED');
  assert.equal(await reachable(B.url), false);
  assert.equal((await json(['projects', 'get', B.ref])).status, 'PAUSED');
  const resumed = await json(['projects', 'resume', B.ref]);
  assert.equal(resumed.status, 'ACTIVE_HEALTHY');
  assert.equal(await reachable(B.url), true);
  assert.equal(await dbValue(B.db_url), 7);
});

test('projects survive a platform restart with the same URLs and data', async () => {
  const before = await json(['projects', 'list']);
  assert.equal(await running.stop('SIGTERM'), 0);
  running = await startPlatform(env);
  const after = await json(['projects', 'list']);
  assert.deepEqual(after.map((p: any) => [p.ref, p.status]).sort(), before.map((p: any) => [p.ref, 'ACTIVE_HEALTHY']).sort());
  const again = await json(['projects', 'connect', B.ref]);
  assert.equal(again.url, B.url);
  assert.equal(again.db_url, B.db_url);
  assert.equal(await dbValue(B.db_url), 7);
});

test('a paused project stays paused across a restart', async () => {
  await json(['projects', 'pause', B.ref]);
  await running.stop('SIGTERM');
  running = await startPlatform(env);
  assert.equal((await json(['projects', 'get', B.ref])).status, 'PAUSED');
  assert.equal(await reachable(B.url), false);
  await json(['projects', 'resume', B.ref]);
});

test('delete removes the project and its data', async () => {
  await json(['projects', 'delete', B.ref]);
  const list = await json(['projects', 'list']);
  assert.ok(!list.some((p: any) => p.ref === B.ref && p.status !== 'REMOVED'));
  assert.equal(existsSync(join(dir, 'projects', B.ref)), false);
  assert.equal(await reachable(B.url), false);
  const r = await cli(['projects', 'connect', B.ref, '--json'], env);
  assert.notEqual(r.code, 0);
});

test('SIGKILL during project creation never leaves a half-made project listed as healthy', async () => {
  const token = cliToken(dir);
  const orgs = await (await fetch(`${running.platformUrl}/v1/organizations`, { headers: { authorization: `Bearer ${token}` } })).json();
  void fetch(`${running.platformUrl}/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'doomed', organization_id: orgs[0].slug }),
  }).catch(() => {});
  // Kill as soon as the project's folder appears: creation is under way.
  const projects = join(dir, 'projects');
  const known = new Set(readdirSync(projects));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && readdirSync(projects).every((f) => known.has(f))) await new Promise((r) => setTimeout(r, 5));
  await running.stop('SIGKILL');
  running = await startPlatform(env);
  const list = await json(['projects', 'list']);
  for (const p of list) {
    assert.notEqual(p.status, 'COMING_UP', `${p.ref} left COMING_UP`);
    if (p.status === 'ACTIVE_HEALTHY') {
      const c = await json(['projects', 'connect', p.ref]);
      assert.equal(await reachable(c.url), true, `${p.ref} listed healthy but not reachable`);
    }
  }
});
