// The project-API data layer without a server: fetchers send a project's gateway (and the platform's inbox) the
// right requests with the service-role key (fetch and XMLHttpRequest stubbed), errors of GoTrue and Storage
// become ApiErrors with the service's words, query keys nest, and the formatting helpers.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthUser, deleteAuthUser, inviteAuthUser, listAuthUsers, searchAuthUsers } from '../src/api/fetchers/auth-users.ts';
import { clearMail, listMail } from '../src/api/fetchers/mail.ts';
import {
  createBucket, createFolder, createSignedUrl, deleteBucket, listFolder, publicUrl, removeFolder, uploadObject,
} from '../src/api/fetchers/storage.ts';
import { ApiError } from '../src/api/http.ts';
import { keyPath, projectError } from '../src/api/project-http.ts';
import { formatBytes, fromBytes, normalisePrefix, parseMimeTypes, toBytes, userStatus } from '../src/components/format.ts';
import { keys } from '../src/data/keys.ts';

const T = { url: 'http://127.0.0.1:54400/', key: 'service-key' };
const realFetch = globalThis.fetch;
const realXhr = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
afterEach(() => { globalThis.fetch = realFetch; (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = realXhr; });

interface Call { url: string; method: string; headers: Record<string, string>; body: any }
function stub(answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const raw = init.body;
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: typeof raw === 'string' ? JSON.parse(raw) : raw });
    const a = answers.shift()!;
    return new Response(a.body === undefined ? null : typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status, headers: a.headers });
  }) as typeof fetch;
  return calls;
}

test('errors keep the service words: GoTrue current and legacy shapes, Storage logical status, plain failures', () => {
  const gotrue = projectError(422, 'Unprocessable Entity', JSON.stringify({ code: 'email_exists', message: 'A user with this email address has already been registered' }));
  assert.deepEqual([gotrue.status, gotrue.code, gotrue.message], [422, 'email_exists', 'A user with this email address has already been registered']);
  const legacy = projectError(400, 'Bad Request', JSON.stringify({ code: 400, error_code: 'weak_password', msg: 'Password should be at least 8 characters.' }));
  assert.deepEqual([legacy.status, legacy.code, legacy.message], [400, 'weak_password', 'Password should be at least 8 characters.']);
  const storage = projectError(400, 'Bad Request', JSON.stringify({ statusCode: '404', code: 'NoSuchBucket', error: 'not_found', message: 'Bucket not found' }));
  assert.deepEqual([storage.status, storage.code, storage.message], [404, 'NoSuchBucket', 'Bucket not found']);
  const plain = projectError(502, 'Bad Gateway', '<html>');
  assert.ok(plain instanceof ApiError);
  assert.deepEqual([plain.status, plain.message], [502, '502 Bad Gateway']);
});

test('object keys become URL paths segment by segment', () => {
  assert.equal(keyPath('a b/c#d/ü.txt'), 'a%20b/c%23d/%C3%BC.txt');
});

test('users: a page from the admin API with the service-role key and X-Total-Count', async () => {
  const calls = stub([{ status: 200, body: { users: [{ id: 'u1', email: 'a@x' }], aud: 'authenticated' }, headers: { 'x-total-count': '41' } }]);
  const page = await listAuthUsers(T, { page: 3, perPage: 20 });
  assert.deepEqual(page, { users: [{ id: 'u1', email: 'a@x' }], total: 41 });
  assert.equal(calls[0].url, 'http://127.0.0.1:54400/auth/v1/admin/users?page=3&per_page=20');
  assert.equal(calls[0].headers.apikey, 'service-key');
  assert.equal(calls[0].headers.authorization, 'Bearer service-key');
  assert.equal(calls[0].headers['x-supabase-api-version'], '2024-01-01');
});

test('users: create (confirmed or not), invite and delete send GoTrue their bodies', async () => {
  const calls = stub([{ status: 200, body: { id: 'u1' } }, { status: 200, body: { id: 'u2' } }, { status: 200, body: {} }]);
  await createAuthUser(T, { email: 'a@x', password: 'secret-pw', autoConfirm: false });
  await inviteAuthUser(T, { email: 'b@x' });
  await deleteAuthUser(T, 'u/1');
  assert.deepEqual(calls.map((c) => [c.method, c.url.replace(T.url, '/'), c.body]), [
    ['POST', '/auth/v1/admin/users', { email: 'a@x', password: 'secret-pw', email_confirm: false }],
    ['POST', '/auth/v1/invite', { email: 'b@x' }],
    ['DELETE', '/auth/v1/admin/users/u%2F1', undefined],
  ]);
});

test('users: search is SQL over auth.users through the platform, the term quoted, a page at a time', async () => {
  const calls = stub([{ status: 200, body: [{ total: 1 }] }, { status: 200, body: [{ id: 'u1', email: "o'k@x" }] }]);
  const page = await searchAuthUsers('abc', { search: " O'K ", page: 2, perPage: 20 });
  assert.deepEqual(page, { users: [{ id: 'u1', email: "o'k@x" }], total: 1 });
  assert.deepEqual(calls.map((c) => c.url), ['/v1/projects/abc/database/query', '/v1/projects/abc/database/query']);
  assert.match(calls[0].body.query, /strpos\(lower\(coalesce\(email, ''\)\), 'o''k'\) > 0/);
  assert.match(calls[1].body.query, /order by created_at desc, id limit 20 offset 20$/);
});

test('storage: buckets, folder listing, folders as placeholders, signed and public URLs', async () => {
  const calls = stub([
    { status: 200, body: { name: 'docs' } },
    { status: 200, body: [] },
    { status: 200, body: { signedURL: '/object/sign/docs/a%20b.txt?token=t' } },
    { status: 200, body: { message: 'Successfully emptied' } },
    { status: 200, body: { message: 'Successfully deleted' } },
  ]);
  await createBucket(T, 'docs', { public: false, file_size_limit: 1024, allowed_mime_types: ['text/plain'] });
  await listFolder(T, 'docs', 'sub/');
  assert.equal(await createSignedUrl(T, 'docs', 'a b.txt', 60), 'http://127.0.0.1:54400/storage/v1/object/sign/docs/a%20b.txt?token=t');
  await deleteBucket(T, 'docs');
  assert.deepEqual(calls.map((c) => [c.method, c.url.replace(T.url, '/'), c.body]), [
    ['POST', '/storage/v1/bucket', { id: 'docs', name: 'docs', public: false, file_size_limit: 1024, allowed_mime_types: ['text/plain'] }],
    ['POST', '/storage/v1/object/list/docs', { prefix: 'sub/', limit: 1000, offset: 0, sortBy: { column: 'name', order: 'asc' } }],
    ['POST', '/storage/v1/object/sign/docs/a%20b.txt', { expiresIn: 60 }],
    ['POST', '/storage/v1/bucket/docs/empty', undefined],
    ['DELETE', '/storage/v1/bucket/docs', undefined],
  ]);
  assert.equal(publicUrl(T, 'pics', 'x/y z.png'), 'http://127.0.0.1:54400/storage/v1/object/public/pics/x/y%20z.png');
});

test('storage: removing a folder removes what lies under it, page by page, and stops when nothing goes', async () => {
  const calls = stub([
    { status: 200, body: { objects: [{ name: 'f/a' }, { name: 'f/b/c' }] } },
    { status: 200, body: [{ name: 'f/a' }, { name: 'f/b/c' }] },
    { status: 200, body: { objects: [{ name: 'f/stuck' }] } },
    { status: 200, body: [] },
  ]);
  assert.equal(await removeFolder(T, 'docs', 'f'), 2);
  assert.deepEqual(calls.map((c) => [c.method, c.url.replace(T.url, '/'), c.body]), [
    ['POST', '/storage/v1/object/list-v2/docs', { prefix: 'f/', limit: 1000 }],
    ['DELETE', '/storage/v1/object/docs', { prefixes: ['f/a', 'f/b/c'] }],
    ['POST', '/storage/v1/object/list-v2/docs', { prefix: 'f/', limit: 1000 }],
    ['DELETE', '/storage/v1/object/docs', { prefixes: ['f/stuck'] }],
  ]);
});

/** A stand-in XMLHttpRequest that records the request, reports two progress steps and answers `status`. */
function stubXhr(status: number, body: string) {
  const sent: Array<{ method: string; url: string; headers: Record<string, string>; size: number }> = [];
  class FakeXhr {
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null; onerror: (() => void) | null = null; onabort: (() => void) | null = null;
    status = 0; statusText = ''; responseText = '';
    #req = { method: '', url: '', headers: {} as Record<string, string>, size: 0 };
    open(method: string, url: string) { this.#req.method = method; this.#req.url = url; }
    setRequestHeader(k: string, v: string) { this.#req.headers[k] = v; }
    abort() { this.onabort?.(); }
    send(b: Blob) {
      this.#req.size = b.size;
      sent.push(this.#req);
      queueMicrotask(() => {
        this.upload.onprogress?.({ loaded: Math.floor(b.size / 2), total: b.size, lengthComputable: true });
        this.upload.onprogress?.({ loaded: b.size, total: b.size, lengthComputable: true });
        Object.assign(this, { status, statusText: status === 200 ? 'OK' : 'Bad Request', responseText: body });
        this.onload?.();
      });
    }
  }
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
  return sent;
}

test('storage: an upload goes over XHR with its type and the key, and reports progress to the end', async () => {
  const sent = stubXhr(200, JSON.stringify({ Id: 'i', Key: 'docs/a b/x.txt' }));
  const seen: number[] = [];
  const r = await uploadObject(T, 'docs', 'a b/x.txt', new Blob(['0123456789'], { type: 'text/plain' }), { onProgress: (p) => seen.push(p.loaded) });
  assert.deepEqual(r, { Id: 'i', Key: 'docs/a b/x.txt' });
  assert.deepEqual(seen, [0, 5, 10, 10]);
  assert.equal(sent[0].method, 'POST');
  assert.equal(sent[0].url, 'http://127.0.0.1:54400/storage/v1/object/docs/a%20b/x.txt');
  assert.deepEqual([sent[0].headers['content-type'], sent[0].headers['x-upsert'], sent[0].headers.authorization], ['text/plain', 'false', 'Bearer service-key']);
  assert.equal(sent[0].size, 10);
});

test('storage: a refused upload is an ApiError with Storage words; a folder is a placeholder object', async () => {
  stubXhr(400, JSON.stringify({ statusCode: '415', code: 'InvalidMimeType', error: 'invalid_mime_type', message: 'mime type image/png is not supported' }));
  const err = await uploadObject(T, 'docs', 'p.png', new Blob(['x'], { type: 'image/png' })).catch((e) => e);
  assert.ok(err instanceof ApiError);
  assert.deepEqual([err.status, err.code, err.message], [415, 'InvalidMimeType', 'mime type image/png is not supported']);
  const sent = stubXhr(200, JSON.stringify({ Key: 'docs/new/.emptyFolderPlaceholder' }));
  await createFolder(T, 'docs', 'new/');
  assert.equal(sent[0].url, 'http://127.0.0.1:54400/storage/v1/object/docs/new/.emptyFolderPlaceholder');
  assert.equal(sent[0].size, 0);
});

test('mail: the platform inbox, filtered by recipient, with the platform session', async () => {
  const calls = stub([{ status: 200, body: { total: 0, messages: [] } }, { status: 204 }]);
  await listMail({ to: 'a+b@x', limit: 200 });
  await clearMail();
  assert.deepEqual(calls.map((c) => [c.method, c.url]), [['GET', '/v1/mail/messages?to=a%2Bb%40x&limit=200'], ['DELETE', '/v1/mail/messages']]);
});

test('query keys nest: users and storage under their project, a bucket folder under its bucket, mail lists under mail', () => {
  const project = keys.projects.detail('abc');
  for (const k of [keys.authUsers.page('abc', { page: 1, perPage: 20 }), keys.authUsers.search('abc', { search: 'a', page: 1, perPage: 20 }),
    keys.storage.buckets('abc'), keys.storage.folder('abc', 'docs', 'a/')]) {
    assert.deepEqual(k.slice(0, project.length), [...project]);
  }
  assert.deepEqual(keys.authUsers.page('abc', { page: 1, perPage: 20 }).slice(0, 3), [...keys.authUsers.all('abc')]);
  assert.deepEqual(keys.storage.folder('abc', 'docs', 'a/').slice(0, 5), [...keys.storage.objects('abc', 'docs')]);
  assert.deepEqual(keys.storage.objects('abc', 'docs').slice(0, 3), [...keys.storage.all('abc')]);
  assert.deepEqual(keys.mail.list('a@x').slice(0, 2), [...keys.mail.lists()]);
  assert.notDeepEqual(keys.mail.message('m1').slice(0, 2), [...keys.mail.lists()]);
});

test('formatting: sizes, typed limits, MIME lists, folder paths, user status', () => {
  assert.deepEqual([formatBytes(0), formatBytes(1), formatBytes(1536), formatBytes(5 * 1024 ** 2), formatBytes(null)], ['0 bytes', '1 byte', '1.5 KB', '5 MB', '—']);
  assert.deepEqual([toBytes('', 'MB'), toBytes('2', 'MB'), toBytes('0.5', 'KB'), toBytes('-1', 'MB')], [null, 2 * 1024 ** 2, 512, NaN]);
  assert.deepEqual([fromBytes(null), fromBytes(2 * 1024 ** 2), fromBytes(1000)], [{ value: '', unit: 'MB' }, { value: '2', unit: 'MB' }, { value: '1000', unit: 'bytes' }]);
  assert.deepEqual([parseMimeTypes(' image/png,  text/* '), parseMimeTypes(' ')], [['image/png', 'text/*'], null]);
  assert.deepEqual([normalisePrefix(''), normalisePrefix('a//b'), normalisePrefix('/a/')], ['', 'a/b/', 'a/']);
  const base = { id: 'u', email: 'a@x', phone: '', created_at: '' };
  const now = new Date('2026-01-01T00:00:00Z');
  assert.deepEqual([
    userStatus(base, now), userStatus({ ...base, invited_at: '2025-12-01' }, now), userStatus({ ...base, email_confirmed_at: '2025-12-01' }, now),
    userStatus({ ...base, email_confirmed_at: '2025-12-01', banned_until: '2027-01-01' }, now), userStatus({ ...base, is_anonymous: true }, now),
  ], ['Waiting for verification', 'Invited', 'Confirmed', 'Banned', 'Anonymous']);
});
