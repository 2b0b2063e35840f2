// The data layer without a server: typed fetchers send the platform API the right requests (fetch stubbed),
// identifiers and literals are quoted, query keys nest so invalidations reach what they should.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchTableRows, ident, literal } from '../src/api/fetchers/tables.ts';
import { api, ApiError } from '../src/api/http.ts';
import { sessionStore } from '../src/api/session-store.ts';
import { keys } from '../src/data/keys.ts';

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; sessionStore.set(null); });

function stub(answers: Array<{ status: number; body?: unknown }>) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string>; body: any }> = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const a = answers.shift()!;
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
  }) as typeof fetch;
  return calls;
}

test('identifiers and literals are quoted for SQL', () => {
  assert.equal(ident('my "table"'), '"my ""table"""');
  assert.equal(literal("o'clock"), "'o''clock'");
});

test('fetchTableRows counts and pages through the query route (the one fetcher to move to /rest/v1)', async () => {
  const calls = stub([{ status: 200, body: [{ total: 250 }] }, { status: 200, body: [{ id: 101 }] }]);
  const page = await fetchTableRows('abc', { schema: 'public', table: 'to"do', page: 1, pageSize: 100, sort: { column: 'id', ascending: false } });
  assert.deepEqual(page, { rows: [{ id: 101 }], total: 250 });
  assert.deepEqual(calls.map((c) => [c.method, c.url]), [['POST', '/v1/projects/abc/database/query'], ['POST', '/v1/projects/abc/database/query']]);
  assert.equal(calls[0].body.query, 'select count(*)::int as total from "public"."to""do"');
  assert.equal(calls[1].body.query, 'select * from "public"."to""do" order by "id" desc nulls last limit 100 offset 100');
});

test('the session token is sent; a 401 refreshes once and retries; errors carry code and details', async () => {
  sessionStore.set({ access_token: 'old', refresh_token: 'r1', token_type: 'bearer', expires_in: 1, expires_at: 1, user: { id: 'u', email: 'e', created_at: '' } });
  const calls = stub([
    { status: 401, body: { message: 'expired', code: 'unauthorized' } },
    { status: 200, body: { access_token: 'new', refresh_token: 'r2', token_type: 'bearer', expires_in: 3600, expires_at: 2, user: { id: 'u', email: 'e', created_at: '' } } },
    { status: 400, body: { message: 'ERROR: 42601: syntax error', code: 'sql_failed', details: { position: 1 } } },
  ]);
  const err = await api('/v1/projects/abc/database/query', { method: 'POST', body: { query: 'selec' } }).catch((e) => e);
  assert.ok(err instanceof ApiError);
  assert.deepEqual([err.status, err.code, err.details], [400, 'sql_failed', { position: 1 }]);
  assert.equal(calls[0].headers.authorization, 'Bearer old');
  assert.deepEqual([calls[1].url, calls[1].body], ['/v1/auth/token?grant_type=refresh_token', { refresh_token: 'r1' }]);
  assert.equal(calls[2].headers.authorization, 'Bearer new');
  assert.equal(sessionStore.get()?.refresh_token, 'r2');
});

test('a failed refresh signs out', async () => {
  sessionStore.set({ access_token: 'old', refresh_token: 'gone', token_type: 'bearer', expires_in: 1, expires_at: 1, user: { id: 'u', email: 'e', created_at: '' } });
  stub([{ status: 401, body: { message: 'no' } }, { status: 400, body: { message: 'Invalid refresh token' } }]);
  await assert.rejects(api('/v1/projects'), (e: ApiError) => e.status === 401);
  assert.equal(sessionStore.get(), null);
});

test('query keys nest: a project key is a prefix of its database keys', () => {
  const q = { schema: 'public', table: 't', page: 0, pageSize: 100 };
  const prefix = keys.projects.detail('abc');
  for (const k of [keys.database.all('abc'), keys.database.rows('abc', q), keys.projects.connect('abc')]) {
    assert.deepEqual(k.slice(0, prefix.length), [...prefix]);
  }
  assert.deepEqual(keys.database.rows('abc', q).slice(0, 3), [...keys.database.all('abc')]);
});
