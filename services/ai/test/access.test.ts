// The key matrix of platform.md §4.1 on /api and the RLS + grants of the ai schema: the service role key
// everywhere, a user token 403 with the documented message, anon refused, health public, and the same
// rules through /rest/v1 with Accept-Profile: ai.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createGateway } from '@powabase/gateway';
import { createRestService, defaultRestConfig } from '@powabase/rest';
import { startStack, upload, waitExtracted, type Stack } from './helpers.ts';

let s: Stack;
let restUrl = '';
let closeRest: () => Promise<void> = async () => {};
before(async () => {
  s = await startStack();
  const rest = await createRestService({ db: s.db, project: s.project, config: defaultRestConfig() });
  const app = await createGateway({ project: s.project, services: { rest } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  restUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/rest/v1`;
  closeRest = async () => { await app.close(); await rest.close(); };
  const up = await upload(s, { name: 'visible.txt', data: 'a row for the RLS checks' });
  await waitExtracted(s, up.body.id);
  await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: 'sk-abcdefghijklmnopqrstuvwxyz123456' } });
});
after(async () => { await closeRest(); await s?.close(); });

const ROUTES: [string, string][] = [
  ['GET', '/sources'], ['POST', '/sources/upload'], ['GET', '/knowledge-bases'], ['POST', '/knowledge-bases'],
  ['POST', '/knowledge-bases/00000000-0000-0000-0000-000000000000/search'], ['GET', '/config/kb-defaults'],
  ['GET', '/settings'], ['GET', '/ai-provider-keys'], ['DELETE', '/sources/00000000-0000-0000-0000-000000000000'],
];

test('service role key: accepted', async () => {
  assert.equal((await s.api('/sources')).status, 200);
  assert.equal((await s.api('/config/kb-defaults')).status, 200);
});

test('a signed-in user token: 403 with the documented message on every route', async () => {
  const token = await s.userToken();
  for (const [method, path] of ROUTES) {
    const r = await s.json(path, { method, token, ...(method === 'POST' ? { json: {} } : {}) });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.body.error, "This endpoint requires the project's service role key");
  }
});

test('anon key (no user): 403; no key: 401; health is public', async () => {
  const anon = await s.json('/sources', { token: null, headers: { apikey: s.project.anonKey } });
  assert.equal(anon.status, 403);
  const bare = await fetch(`${s.url}/api/sources`);
  assert.equal(bare.status, 401);
  const health = await fetch(`${s.url}/api/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
});

test('RLS and grants in SQL: anon nothing, authenticated reads content and writes KB config, credentials service-role only', async () => {
  const as = (role: string, sql: string) => s.db.withRole({ role, claims: { role, sub: '11111111-1111-1111-1111-111111111111' } }, (c) => c.query(sql));
  await assert.rejects(as('anon', 'select * from ai.sources'), /permission denied/);
  await assert.rejects(as('anon', 'select * from ai.chunks'), /permission denied/);
  assert.ok((await as('authenticated', 'select id from ai.sources')).rows.length >= 1);
  await as('authenticated', 'select id from ai.chunks');
  await as('authenticated', 'select id from ai.embeddings');
  for (const t of ['ai_provider_keys', 'project_settings', 'jobs']) await assert.rejects(as('authenticated', `select * from ai.${t}`), /permission denied/);
  await assert.rejects(as('authenticated', "insert into ai.sources (file_type, storage_path) values ('text/plain', 'x')"), /permission denied/);
  const kb = await as('authenticated', "insert into ai.knowledge_bases (name) values ('made by a user') returning id");
  assert.equal(kb.rows.length, 1);
  assert.ok((await as('service_role', 'select * from ai.ai_provider_keys')).rows.length === 1);
  const rls = await s.sql(`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'ai' and c.relkind = 'r' and not c.relrowsecurity`);
  assert.equal(rls.rows[0].n, 0, 'RLS is on for every ai table');
});

test('/rest/v1 with Accept-Profile: ai follows the same rules', async () => {
  const get = (path: string, token: string | null, apikey = s.project.anonKey) => fetch(`${restUrl}${path}`, {
    headers: { apikey, 'accept-profile': 'ai', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const svc = await get('/sources?select=id,name,extraction_status', s.project.serviceRoleKey, s.project.serviceRoleKey);
  assert.equal(svc.status, 200);
  assert.ok((await svc.json()).length >= 1);
  const user = await get('/sources?select=id,name', await s.userToken());
  assert.equal(user.status, 200);
  assert.ok((await user.json()).length >= 1);
  const userKeys = await get('/ai_provider_keys?select=id', await s.userToken());
  assert.ok([401, 403].includes(userKeys.status), `provider keys as a user: ${userKeys.status}`);
  const anon = await get('/sources?select=id', null);
  assert.ok([401, 403].includes(anon.status), `anon: ${anon.status}`);
});

test('provider keys are never returned in clear and are encrypted at rest', async () => {
  const list = await s.json('/ai-provider-keys');
  assert.equal(list.body[0].masked_key, 'sk-…3456');
  assert.ok(!JSON.stringify(list.body).includes('abcdefghijklmnopqrstuvwxyz'));
  const row = (await s.sql('select api_key_encrypted from ai.ai_provider_keys')).rows[0];
  assert.ok(!row.api_key_encrypted.includes('abcdefghij'));
  assert.match(row.api_key_encrypted, /^v1:/);
});
