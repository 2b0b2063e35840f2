// The table editor's and auth settings' data layer without a server: PostgREST requests (filters, order,
// paging, count, one-row writes by primary key, errors with details and hint), the SQL fallback for schemas
// REST does not expose, the create-table DDL, the row form's values, and the auth-config PATCH body.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { getAuthConfig, updateAuthConfig, type AuthConfig } from '../src/api/fetchers/auth-config.ts';
import { deleteRestRow, fetchRestRows, insertRestRow, restError, updateRestRow } from '../src/api/fetchers/rest.ts';
import { createTableSql, tableProblems, type NewColumn } from '../src/api/fetchers/table-ddl.ts';
import { fetchRows, sqlCondition, type ColumnInfo } from '../src/api/fetchers/tables.ts';
import { ApiError } from '../src/api/http.ts';
import { filterValue, inList, primaryKeyMatch, rowsSearch, totalFromContentRange } from '../src/api/rest-query.ts';
import { authConfigChanges, authFormOf } from '../src/data/auth-config.ts';
import { keys } from '../src/data/keys.ts';
import { emptyMeans, formOf, insertBody, updateBody } from '../src/data/table-editor-values.ts';

const T = { url: 'http://127.0.0.1:54400', key: 'service-key' };
const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

interface Call { url: string; method: string; headers: Record<string, string>; body: any }
function stub(answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const a = answers.shift()!;
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: a.headers });
  }) as typeof fetch;
  return calls;
}
const query = (url: string) => decodeURIComponent(new URL(url).search.slice(1)).split('&');

test('filters become PostgREST filters', () => {
  const cases: Array<[Parameters<typeof filterValue>[0], string]> = [
    [{ column: 'id', operator: 'eq', value: '5' }, 'eq.5'],
    [{ column: 'name', operator: 'ilike', value: '%ada%' }, 'ilike.%ada%'],
    [{ column: 'id', operator: 'in', value: '1, 2 ,3' }, 'in.(1,2,3)'],
    [{ column: 'tag', operator: 'in', value: 'a,"b",c(d)' }, 'in.(a,"\\"b\\"","c(d)")'],
    [{ column: 'x', operator: 'is', value: ' NULL ' }, 'is.null'],
    [{ column: 'n', operator: 'gte', value: '2.5' }, 'gte.2.5'],
  ];
  for (const [f, want] of cases) assert.equal(filterValue(f), want, JSON.stringify(f));
  assert.equal(inList(''), '()');
});

test('a page of rows: select, filters, order with nulls last, limit and offset', () => {
  const s = rowsSearch({ filters: [{ column: 'a b', operator: 'eq', value: 'x&y' }, { column: 'n', operator: 'lt', value: '3' }],
    order: { column: 'created_at', ascending: false }, limit: 100, offset: 200 });
  assert.equal(s.toString(), 'select=*&a+b=eq.x%26y&n=lt.3&order=created_at.desc.nullslast&limit=100&offset=200');
  assert.equal(totalFromContentRange('0-99/150'), 150);
  assert.equal(totalFromContentRange('*/0'), 0);
  assert.equal(totalFromContentRange('0-9/*'), undefined);
  assert.equal(totalFromContentRange(null), undefined);
});

test('one row is matched by every primary-key column; no key, no match', () => {
  assert.equal(primaryKeyMatch(['org', 'id'], { org: 'a,b', id: 7, name: 'x' }).toString(), 'org=eq.a%2Cb&id=eq.7');
  assert.throws(() => primaryKeyMatch([], { id: 1 }), /no primary key/);
  assert.throws(() => primaryKeyMatch(['id'], { id: null }), /no value for its primary key column id/);
});

test('rows over /rest/v1: service-role key, Accept-Profile, count=exact, total from Content-Range', async () => {
  const calls = stub([{ status: 206, body: [{ id: 101 }], headers: { 'content-range': '100-100/250' } }]);
  const page = await fetchRestRows(T, { schema: 'ai', table: 'my table' }, { limit: 100, offset: 100, order: { column: 'id', ascending: true } });
  assert.deepEqual(page, { rows: [{ id: 101 }], total: 250 });
  assert.equal(calls[0].method, 'GET');
  assert.equal(new URL(calls[0].url).pathname, '/rest/v1/my%20table');
  assert.deepEqual(query(calls[0].url), ['select=*', 'order=id.asc.nullslast', 'limit=100', 'offset=100']);
  assert.deepEqual([calls[0].headers.apikey, calls[0].headers.authorization, calls[0].headers.prefer, calls[0].headers['accept-profile']],
    ['service-key', 'Bearer service-key', 'count=exact', 'ai']);
});

test('insert, update and delete one row: return=representation, Content-Profile, the key as the only match', async () => {
  const calls = stub([
    { status: 201, body: [{ id: 1, name: 'a' }] },
    { status: 200, body: [{ id: 1, name: 'b' }] },
    { status: 200, body: [{ id: 1, name: 'b' }] },
    { status: 200, body: [] },
  ]);
  const t = { schema: 'public', table: 'notes' };
  assert.deepEqual(await insertRestRow(T, t, { name: 'a' }), { id: 1, name: 'a' });
  assert.deepEqual(await updateRestRow(T, t, ['id'], { id: 1, name: 'a' }, { name: 'b' }), { id: 1, name: 'b' });
  assert.deepEqual(await deleteRestRow(T, t, ['id'], { id: 1, name: 'b' }), { id: 1, name: 'b' });
  await assert.rejects(deleteRestRow(T, t, ['id'], { id: 1 }), (e: ApiError) => e.status === 404 && /No row matches/.test(e.message));
  assert.deepEqual(calls.map((c) => [c.method, c.url.replace(T.url, ''), c.body]), [
    ['POST', '/rest/v1/notes?', { name: 'a' }],
    ['PATCH', '/rest/v1/notes?id=eq.1', { name: 'b' }],
    ['DELETE', '/rest/v1/notes?id=eq.1', undefined],
    ['DELETE', '/rest/v1/notes?id=eq.1', undefined],
  ]);
  for (const c of calls) {
    assert.equal(c.headers.prefer, 'return=representation');
    assert.equal(c.headers['content-profile'], 'public');
  }
  assert.equal(calls[0].headers['content-type'], 'application/json');
});

test('PostgREST errors keep their code, message, details and hint', async () => {
  stub([{ status: 409, body: { code: '23505', message: 'duplicate key value violates unique constraint "notes_pkey"', details: 'Key (id)=(1) already exists.', hint: null } }]);
  const e = await insertRestRow(T, { schema: 'public', table: 'notes' }, { id: 1 }).catch((x) => x);
  assert.ok(e instanceof ApiError);
  assert.deepEqual([e.status, e.code], [409, '23505']);
  assert.equal(e.message, 'duplicate key value violates unique constraint "notes_pkey"\nKey (id)=(1) already exists.');
  const hinted = restError(404, 'Not Found', JSON.stringify({ code: 'PGRST205', message: "Could not find the table 'public.nots' in the schema cache", details: null, hint: "Perhaps you meant the table 'public.notes'" }));
  assert.match(hinted.message, /schema cache\nHint: Perhaps you meant the table 'public.notes'$/);
  assert.equal(restError(502, 'Bad Gateway', '<html>').message, '502 Bad Gateway');
});

test('a schema REST does not expose is read as SQL (read-only), with the same filters', async () => {
  const calls = stub([
    { status: 406, body: { code: 'PGRST106', message: 'Invalid schema: auth', hint: 'Only the following schemas are exposed: public, storage' } },
    { status: 200, body: [{ total: 1 }] },
    { status: 200, body: [{ id: 'u1' }] },
  ]);
  const page = await fetchRows('abc', T, { schema: 'auth', table: 'users', page: 0, pageSize: 50, filters: [{ column: 'email', operator: 'like', value: '*@x.com' }] });
  assert.deepEqual(page, { rows: [{ id: 'u1' }], total: 1, via: 'sql' });
  assert.equal(calls[1].body.query, `select count(*)::int as total from "auth"."users" where "email" like '%@x.com'`);
  assert.equal(calls[2].body.query, `select * from "auth"."users" where "email" like '%@x.com' limit 50 offset 0`);
  stub([{ status: 401, body: { code: 'PGRST301', message: 'JWT expired' } }]);
  await assert.rejects(fetchRows('abc', T, { schema: 'public', table: 't', page: 0, pageSize: 50 }), /JWT expired/);
});

test('SQL conditions mirror the PostgREST operators, values as literals', () => {
  assert.equal(sqlCondition({ column: 'n"x', operator: 'neq', value: "it's" }), `"n""x" <> 'it''s'`);
  assert.equal(sqlCondition({ column: 'id', operator: 'in', value: '1,2' }), `"id" in ('1', '2')`);
  assert.equal(sqlCondition({ column: 'id', operator: 'is', value: 'not_null' }), '"id" is not null');
  assert.throws(() => sqlCondition({ column: 'id', operator: 'is', value: 'maybe' }), /"is" takes null/);
});

const col = (c: Partial<NewColumn> & { name: string }): NewColumn => ({ type: 'text', nullable: true, default: '', primaryKey: false, identity: false, ...c });

test('create table: quoted identifiers, identity, defaults, primary key, RLS, then a schema reload', () => {
  const sql = createTableSql({
    schema: 'public', name: 'my "notes"', rls: true, comment: "Ada's",
    columns: [col({ name: 'id', type: 'int8', primaryKey: true, identity: true, nullable: false }), col({ name: 'body' }),
      col({ name: 'created at', type: 'timestamptz', default: 'now()', nullable: false })],
  });
  assert.equal(sql, `create table "public"."my ""notes""" (
  "id" int8 generated by default as identity not null,
  "body" text,
  "created at" timestamptz default now() not null,
  primary key ("id")
);
comment on table "public"."my ""notes""" is 'Ada''s';
alter table "public"."my ""notes""" enable row level security;
notify pgrst, 'reload schema';`);
  const off = createTableSql({ schema: 's', name: 't', rls: false, columns: [col({ name: 'a', type: 'uuid', default: 'gen_random_uuid()', primaryKey: true })] });
  assert.ok(!off.includes('row level security'));
  assert.match(off, /"a" uuid default gen_random_uuid\(\) not null/);
});

test('create table: problems are named before anything runs', () => {
  assert.deepEqual(tableProblems({ schema: 'public', name: ' ', rls: true, columns: [] }), ['The table needs a name.', 'The table needs at least one column.']);
  const problems = tableProblems({ schema: 'public', name: 't', rls: true, columns: [
    col({ name: 'a' }), col({ name: 'a' }), col({ name: '' }), col({ name: 'b', identity: true }), col({ name: 'c', type: 'drop table x' as never }),
  ] });
  assert.deepEqual(problems, ['Two columns are named a.', 'Column 3 needs a name.', 'Column b cannot be an identity: only int2, int4 and int8 can.', 'Column c has an unknown type.']);
  assert.throws(() => createTableSql({ schema: 'public', name: '', rls: true, columns: [col({ name: 'a' })] }), /needs a name/);
});

const C = (name: string, data_type: string, extra: Partial<ColumnInfo> = {}): ColumnInfo =>
  ({ name, data_type, nullable: true, default_value: null, is_primary_key: false, is_identity: false, is_generated: false, ...extra });

test('row form: insert leaves empty fields to their defaults, update sends only changes, json is parsed', () => {
  const cols = [C('id', 'bigint', { is_primary_key: true, is_identity: true, nullable: false }), C('name', 'text'), C('meta', 'jsonb'),
    C('total', 'numeric', { is_generated: true }), C('done', 'boolean', { default_value: 'false', nullable: false })];
  const form = { id: { text: '', isNull: false }, name: { text: 'Ada', isNull: false }, meta: { text: '{"a":[1]}', isNull: false }, done: { text: '', isNull: false } };
  assert.deepEqual(insertBody(cols, form), { name: 'Ada', meta: { a: [1] } });
  assert.deepEqual(insertBody(cols, { ...form, name: { text: '', isNull: true } }), { name: null, meta: { a: [1] } });
  assert.throws(() => insertBody(cols, { ...form, meta: { text: '{oops', isNull: false } }), /meta: not valid JSON/);

  const row = { id: 7, name: 'Ada', meta: { a: 1 }, total: 3, done: false };
  const initial = formOf(cols, row);
  assert.deepEqual(Object.keys(initial), ['id', 'name', 'meta', 'done'], 'generated columns are not in the form');
  assert.deepEqual(initial.meta, { text: '{"a":1}', isNull: false });
  assert.deepEqual(updateBody(cols, initial, initial), {});
  assert.deepEqual(updateBody(cols, initial, { ...initial, name: { text: 'Grace', isNull: false }, done: { text: 'true', isNull: false } }), { name: 'Grace', done: 'true' });
  assert.deepEqual(updateBody(cols, initial, { ...initial, name: { text: 'Ada', isNull: true } }), { name: null });
  assert.deepEqual(cols.map(emptyMeans), ['Generated (identity)', 'NULL', 'NULL', 'NULL', 'Default: false']);
});

const CONFIG: AuthConfig = {
  site_url: 'http://localhost:3000', uri_allow_list: 'http://localhost:3000/**,https://app.example.com', mailer_autoconfirm: false,
  disable_signup: false, external_email_enabled: true, smtp_host: null, smtp_port: null, smtp_user: null, smtp_admin_email: null,
  smtp_sender_name: null, jwt_exp: 3600, password_min_length: 6,
};

test('auth settings: redirect URLs one a line, only changed fields are sent, the SMTP password only when typed', () => {
  const before = authFormOf(CONFIG);
  assert.equal(before.redirects, 'http://localhost:3000/**\nhttps://app.example.com');
  assert.equal(before.allow_signup, true);
  assert.deepEqual(authConfigChanges(before, before), {});
  const now = { ...before, redirects: `${before.redirects}\n https://b.example.com `, allow_signup: false, smtp_host: 'smtp.example.com',
    smtp_port: '587', smtp_pass: 's3cret', jwt_exp: '7200' };
  assert.deepEqual(authConfigChanges(before, now), {
    uri_allow_list: 'http://localhost:3000/**,https://app.example.com,https://b.example.com', disable_signup: true,
    smtp_host: 'smtp.example.com', smtp_port: '587', jwt_exp: 7200, smtp_pass: 's3cret',
  });
  assert.deepEqual(authConfigChanges(before, { ...before, site_url: ' ' }), { site_url: null }, 'an emptied field resets to the default');
});

test('auth settings: GET and PATCH /v1/projects/{ref}/config/auth; the API error reaches the page', async () => {
  const calls = stub([{ status: 200, body: CONFIG }, { status: 200, body: { ...CONFIG, disable_signup: true } },
    { status: 404, body: { message: 'Route PATCH:/v1/projects/abc/config/auth not found', code: 'route_not_found' } }]);
  assert.deepEqual(await getAuthConfig('abc'), CONFIG);
  assert.equal((await updateAuthConfig('abc', { disable_signup: true })).disable_signup, true);
  await assert.rejects(updateAuthConfig('abc', { site_url: 'x' }), (e: ApiError) => e.status === 404 && e.code === 'route_not_found');
  assert.deepEqual(calls.map((c) => [c.method, c.url, c.body]), [
    ['GET', '/v1/projects/abc/config/auth', undefined],
    ['PATCH', '/v1/projects/abc/config/auth', { disable_signup: true }],
    ['PATCH', '/v1/projects/abc/config/auth', { site_url: 'x' }],
  ]);
  assert.deepEqual(keys.projects.authConfig('abc').slice(0, 2), [...keys.projects.detail('abc')]);
});
