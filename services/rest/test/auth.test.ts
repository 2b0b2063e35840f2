// Auth and RLS: anon sees only what its policy allows, a signed-in user only their own rows, the service
// role everything; `auth` is never reachable; JWT failures are PGRST301/303 with WWW-Authenticate; a role
// that does not exist is 401; db-pre-request runs before every request; anonymous access can be disabled.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHmac, randomUUID } from 'node:crypto';
import { signJwt } from '@powabase/keys';
import { call, startStack, type Stack } from './harness.ts';
import { forEachEngine, runCases, checkReply, type Case } from './cases.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function hs256(secret: string, payload: object): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const invalid = (m: string) => `Bearer error="invalid_token", error_description="${m}"`;

const rls: Case[] = [
  { name: 'user1 inserts a todo for themself', method: 'POST', path: '/todos?select=task', as: 'user1', headers: { prefer: 'return=representation' }, body: { task: 'u1 private' },
    status: 201, json: [{ task: 'u1 private' }] },
  { name: 'user2 inserts a todo', method: 'POST', path: '/todos', as: 'user2', body: { task: 'u2 private' }, status: 201 },
  { name: 'service inserts a public todo', method: 'POST', path: '/todos', as: 'service', body: { task: 'public one', is_public: true }, status: 201 },
  { name: 'anon sees only public rows', path: '/todos?select=task', status: 200, json: [{ task: 'public one' }] },
  { name: 'user1 sees only their own rows', path: '/todos?select=task', as: 'user1', status: 200, json: [{ task: 'u1 private' }] },
  { name: 'user2 sees only their own rows', path: '/todos?select=task', as: 'user2', status: 200, json: [{ task: 'u2 private' }] },
  { name: 'the service role sees every row', path: '/todos?select=task&order=id', as: 'service', status: 200, json: [{ task: 'u1 private' }, { task: 'u2 private' }, { task: 'public one' }] },
  { name: 'counts follow RLS', path: '/todos?select=id', as: 'user1', headers: { prefer: 'count=exact' }, status: 200, expect: { 'content-range': '0-0/1' } },
  { name: 'a user cannot insert for someone else → 42501 403', method: 'POST', path: '/todos', as: 'user2',
    body: { task: 'forged', user_id: '00000000-0000-0000-0000-000000000000' }, status: 403,
    json: { code: '42501', message: 'new row violates row-level security policy for table "todos"', details: null, hint: null } },
  { name: 'anon cannot insert → 42501 401', method: 'POST', path: '/todos', body: { task: 'anon' }, status: 401, expect: { 'www-authenticate': 'Bearer' } },
  { name: "a user cannot update someone else's rows (0 rows)", method: 'PATCH', path: '/todos?task=eq.u1%20private', as: 'user2', headers: { prefer: 'return=representation' },
    body: { done: true }, status: 200, json: [] },
  { name: "a user cannot delete someone else's rows", method: 'DELETE', path: '/todos?task=eq.u1%20private', as: 'user2', headers: { prefer: 'count=exact' }, status: 204,
    expect: { 'content-range': '*/0' } },
  { name: 'a user updates their own row', method: 'PATCH', path: '/todos?task=eq.u1%20private&select=done', as: 'user1', headers: { prefer: 'return=representation' },
    body: { done: true }, status: 200, json: [{ done: true }] },
  { name: 'the ai schema follows RLS too: anon sees nothing', path: '/documents', headers: { 'accept-profile': 'ai' }, status: 200, json: [] },
  { name: 'the service role reads all of ai', path: '/documents?select=id&order=id', as: 'service', headers: { 'accept-profile': 'ai' }, status: 200, json: [{ id: 1 }, { id: 2 }] },
  { name: 'auth is unreachable for anon', path: '/users', headers: { 'accept-profile': 'auth' }, status: 406, check: (r) => assert.equal(r.json.code, 'PGRST106') },
  { name: 'auth is unreachable for the service role', path: '/users', as: 'service', headers: { 'accept-profile': 'auth' }, status: 406 },
  { name: 'auth functions are not RPC endpoints either', path: '/rpc/uid', as: 'service', headers: { 'accept-profile': 'auth' }, status: 406 },
];

forEachEngine('auth and RLS', (get) => {
  runCases(get, rls);

  test('a user reads their own ai documents', async () => {
    const s = get();
    await s.db.query(`insert into ai.documents values (10, $1, 'mine'), (11, $2, 'theirs')`, [s.keys.user1Sub, s.keys.user2Sub]);
    const r = await call(s, { path: '/documents?select=title', as: 'user1', headers: { 'accept-profile': 'ai' } });
    checkReply({ name: '', path: '', status: 200, json: [{ title: 'mine' }] }, r);
  });

  test('JWT failures are PGRST301/PGRST303 with WWW-Authenticate', async () => {
    const s = get();
    const now = Math.floor(Date.now() / 1000);
    const secret = s.project.jwtSecret;
    const cases: [Record<string, string>, string, string, string | null][] = [
      [{ authorization: 'Bearer' }, 'PGRST301', 'Empty JWT is sent in Authorization header', null],
      [bearer('abc.def'), 'PGRST301', 'Expected 3 parts in JWT; got 2', null],
      [bearer('quifquirndsjagnrgniur.fonvoienqhhdj.iuqvnvhojah'), 'PGRST301', 'JWT cryptographic operation failed', null],
      [bearer(hs256('another secret', { role: 'authenticated' })), 'PGRST301', 'No suitable key or wrong key type', 'None of the keys was able to decode the JWT'],
      [bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'service_role' })}.`), 'PGRST301', 'Wrong or unsupported encoding algorithm', "JWT is unsecured but expected 'alg' was not 'none'"],
      [bearer(hs256(secret, { role: 'authenticated', exp: now - 3600 })), 'PGRST303', 'JWT expired', null],
      [bearer(hs256(secret, { role: 'authenticated', nbf: now + 3600 })), 'PGRST303', 'JWT not yet valid', null],
      [bearer(hs256(secret, { role: 'authenticated', iat: now + 3600 })), 'PGRST303', 'JWT issued at future', null],
    ];
    for (const [headers, code, message, details] of cases) {
      const r = await call(s, { path: '/films?select=id&limit=1', as: 'none', headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.deepEqual(r.json, { code, message, details, hint: null });
      assert.equal(r.headers.get('www-authenticate'), invalid(message));
    }
  });

  test('a JWT whose role does not exist → 401', async () => {
    const s = get();
    const token = await signJwt(s.project.jwtSecret, { role: 'nobody_here', sub: randomUUID() }, { expiresInS: 60 });
    const r = await call(s, { path: '/films?select=id&limit=1', as: 'none', headers: bearer(token) });
    assert.equal(r.status, 401, r.text);
    assert.match(r.json.message, /nobody_here/);
  });

  test('a JWT without a role claim runs as anon', async () => {
    const s = get();
    const token = await signJwt(s.project.jwtSecret, { sub: randomUUID() }, { expiresInS: 60 });
    const r = await call(s, { path: '/rpc/my_claims', as: 'none', headers: bearer(token) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.role, 'anon');
  });

  test('the gateway still demands an apikey', async () => {
    const s = get();
    const res = await fetch(`${s.url}/rest/v1/films`);
    assert.equal(res.status, 401);
  });
});

describe('configured service (pglite): db-pre-request, anonymous access disabled, plans off, max-rows', () => {
  let s: Stack;
  before(async () => { s = await startStack('pglite', { config: { preRequest: 'public.check_request', anonRole: null, plan: 'off', maxRows: 2 } }); });
  after(async () => { await s?.close(); });

  test('db-pre-request runs first and can set headers', async () => {
    const r = await call(s, { path: '/films?select=id&order=id', as: 'user1' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-pre-request'), 'ran');
  });
  test('db-pre-request can refuse the request', async () => {
    const r = await call(s, { path: '/films', as: 'user1', headers: { 'x-block': 'yes' } });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, { code: 'BLOCK', message: 'Blocked by pre-request', details: null, hint: null });
  });
  test('max-rows caps the result silently', async () => {
    const r = await call(s, { path: '/films?select=id&order=id', as: 'user1', headers: { prefer: 'count=exact' } });
    assert.deepEqual(r.json, [{ id: 1 }, { id: 2 }]);
    assert.equal(r.headers.get('content-range'), '0-1/5');
  });
  test('without a Bearer token and no anon role → PGRST302', async () => {
    const r = await call(s, { path: '/films', as: 'none' });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { code: 'PGRST302', message: 'Anonymous access is disabled', details: null, hint: null });
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  });
  test('plans are off for everyone', async () => {
    const r = await call(s, { path: '/films', as: 'service', headers: { accept: 'application/vnd.pgrst.plan' } });
    assert.equal(r.status, 406);
  });
});
