// Bad input and safety: traversal keys never reach the filesystem or another prefix, size and MIME
// limits refuse before storing, an aborted upload leaves nothing, concurrent writers end with one object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { eventually, filesUnder, rawRequest, type Stack } from '../helpers.ts';

const uniq = (t: string) => `${t}-${randomBytes(3).toString('hex')}`;

/** Every key stored anywhere: files beside the project folder, or every key of the S3 bucket. */
async function everything(st: Stack): Promise<string[]> {
  if (st.backendParent) return filesUnder(st.backendParent);
  const c = new S3Client(st.s3!.client);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await c.send(new ListObjectsV2Command({ Bucket: st.s3!.bucket, ContinuationToken: token }));
    keys.push(...(r.Contents ?? []).map((o) => o.Key!));
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  c.destroy();
  return keys.sort();
}

async function keysOf(st: Stack, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of st.backend.list(prefix)) out.push(e.key);
  return out;
}

async function tmpFiles(st: Stack): Promise<string[]> {
  return st.backendRoot ? readdir(join(st.backendRoot, '.tmp')).catch(() => []) : [];
}

// Raw paths as a hostile client would send them (verbatim: no URL normalisation on the way).
export const BAD_KEYS: [string, string][] = [
  ['dot-dot segment', '..'],
  ['parent escape', '../escape.txt'],
  ['deep parent escape', 'a/../../../escape.txt'],
  ['encoded parent escape', '%2e%2e/%2e%2e/escape.txt'],
  ['encoded slashes', '..%2F..%2Fescape.txt'],
  ['dot segment', './a.txt'],
  ['inner dot segment', 'a/./b.txt'],
  ['absolute path', '/etc/passwd'],
  ['encoded absolute path', '%2Fetc%2Fpasswd'],
  ['backslash', 'a%5C..%5C..%5Cescape.txt'],
  ['NUL byte', 'a%00.txt'],
  ['empty segment', 'a//b.txt'],
  ['trailing slash', 'folder/'],
  ['overlong key', 'k'.repeat(1025)],
  ['overlong segment', `a/${'s'.repeat(256)}`],
  ['control character', 'a%0Ab.txt'],
];

export function safetyScenarios(stack: () => Stack): void {
  const bucket = uniq('safe');
  let ready: Promise<void> | null = null;
  const setup = () => (ready ??= (async () => {
    const s = stack().service.storage;
    assert.equal((await s.createBucket(bucket)).error, null);
    await s.from(bucket).upload('inside.txt', 'inside');
  })());

  for (const [what, key] of BAD_KEYS) {
    test(`traversal: ${what} is refused with 400 and nothing is written outside the project`, async () => {
      await setup();
      const st = stack();
      const before = await everything(st);
      const headers = { authorization: `Bearer ${st.project.serviceRoleKey}`, 'content-type': 'text/plain' };
      const base = `/storage/v1/object/${bucket}/${key}`;
      for (const [method, path] of [['POST', base], ['PUT', base], ['GET', base], ['DELETE', base], ['GET', `/storage/v1/object/public/${bucket}/${key}`],
        ['POST', `/storage/v1/object/upload/sign/${bucket}/${key}`], ['POST', `/storage/v1/object/sign/${bucket}/${key}`]] as const) {
        const isSign = path.includes('/sign/');
        const body = method === 'POST' || method === 'PUT' ? Buffer.from(isSign ? '{"expiresIn":60}' : 'evil') : undefined;
        const r = await rawRequest(st.url, path, {
          method, body,
          headers: { ...headers, ...(isSign ? { 'content-type': 'application/json' } : {}), ...(body ? { 'content-length': String(body.length) } : {}) },
        });
        // A refused key is a storage error (InvalidKey) or, for paths the router cannot match, the gateway's 404.
        assert.ok(r.status === 400 || r.status === 404, `${method} ${what}: ${r.status} ${r.body}`);
        if (r.status === 400) assert.equal(JSON.parse(r.body).statusCode, '400', `${method} ${what}: ${r.body}`);
      }
      for (const [src, dst] of [['inside.txt', key], [key, 'x.txt']]) {
        const r = await st.fetch('/object/copy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bucketId: bucket, sourceKey: decodeURIComponent(src), destinationKey: decodeURIComponent(dst) }) });
        assert.equal(r.status, 400);
        const m = await st.fetch('/object/move', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bucketId: bucket, sourceKey: decodeURIComponent(src), destinationKey: decodeURIComponent(dst) }) });
        assert.equal(m.status, 400);
      }
      assert.deepEqual(await everything(st), before, 'no file appeared anywhere');
      assert.equal(await (await stack().service.storage.from(bucket).download('inside.txt')).data!.text(), 'inside');
    });
  }

  test('traversal: bucket names `.` and `..` are refused, and a bucket path cannot escape', async () => {
    await setup();
    const st = stack();
    const before = await everything(st);
    for (const b of ['.', '..', '%2e%2e', '%2E']) {
      const r = await rawRequest(st.url, `/storage/v1/object/${b}/x.txt`, { method: 'POST', headers: { authorization: `Bearer ${st.project.serviceRoleKey}` }, body: Buffer.from('x') });
      assert.equal(r.status === 400 || r.status === 404, true, `${b}: ${r.status}`);
      const c = await st.fetch('/bucket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: decodeURIComponent(b) }) });
      assert.equal((await c.json()).code, 'InvalidBucketName');
    }
    assert.deepEqual(await everything(st), before);
  });

  test('limits: over the bucket limit is 413 before storing (declared length, chunked, multipart)', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = uniq('lim');
    await s.createBucket(id, { public: false, fileSizeLimit: 1024 });
    const big = randomBytes(2048);
    const declared = await s.from(id).upload('declared.bin', big);
    assert.equal(declared.error?.statusCode, '413');
    assert.equal((declared.error as { code?: string }).code, 'EntityTooLarge');
    const chunked = await st.fetch(`/object/${id}/chunked.bin`, {
      method: 'POST', body: Readable.toWeb(Readable.from([big.subarray(0, 1000), big.subarray(1000)])) as ReadableStream, duplex: 'half',
      headers: { 'content-type': 'application/octet-stream' },
    } as RequestInit);
    assert.equal(chunked.status, 400);
    assert.equal((await chunked.json()).statusCode, '413');
    const form = await s.from(id).upload('form.bin', new Blob([big]));
    assert.equal(form.error?.statusCode, '413');
    assert.equal((await s.from(id).upload('ok.bin', randomBytes(1024))).error, null, 'exactly the limit is allowed');
    assert.deepEqual((await s.from(id).list()).data!.map((e) => e.name), ['ok.bin']);
    assert.deepEqual((await keysOf(st, `${id}/`)).map((k) => k.split('/')[1]), ['ok.bin']);
    assert.deepEqual(await tmpFiles(st), []);
    const placeholder = await s.from(id).upload('dir/.emptyFolderPlaceholder', 'x');
    assert.equal(placeholder.error?.statusCode, '413', 'folder placeholders must be empty');
    assert.equal((await s.from(id).upload('dir/.emptyFolderPlaceholder', '')).error, null);
  });

  test('limits: the global 50 MB limit answers 413 from the declared length before the body is sent', async () => {
    const st = stack();
    const id = uniq('glob');
    await st.service.storage.createBucket(id);
    const u = new URL(st.url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({
        host: u.hostname, port: u.port, method: 'POST', path: `/storage/v1/object/${id}/huge.bin`,
        headers: { authorization: `Bearer ${st.project.serviceRoleKey}`, 'content-type': 'application/octet-stream', 'content-length': String(50 * 1024 * 1024 + 1) },
      }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => { resolve({ status: r.statusCode!, body: Buffer.concat(chunks).toString() }); req.destroy(); });
      });
      req.on('error', reject);
      req.write(randomBytes(64 * 1024)); // never the rest: the answer must come first
    });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.body).statusCode, '413');
    assert.equal((await st.service.storage.from(id).exists('huge.bin')).data, false);
  });

  test('limits: MIME allow-lists with wildcards (415)', async () => {
    const s = stack().service.storage;
    const id = uniq('mime');
    await s.createBucket(id, { public: false, allowedMimeTypes: ['image/*', 'application/pdf'] });
    assert.equal((await s.from(id).upload('a.png', Buffer.from('png'), { contentType: 'image/png' })).error, null);
    assert.equal((await s.from(id).upload('a.pdf', Buffer.from('pdf'), { contentType: 'application/pdf' })).error, null);
    const txt = await s.from(id).upload('a.txt', 'text', { contentType: 'text/plain' });
    assert.equal(txt.error?.statusCode, '415');
    assert.equal((txt.error as { code?: string }).code, 'InvalidMimeType');
    assert.equal((await s.from(id).upload('b.txt', new Blob(['t'], { type: 'text/plain' }))).error?.statusCode, '415');
    assert.equal((await s.from(id).upload('c.bin', Buffer.from('x'), { contentType: 'nonsense' })).error?.statusCode, '415');
    assert.deepEqual((await s.from(id).list()).data!.map((e) => e.name), ['a.pdf', 'a.png']);
  });

  test('a client that disconnects mid-upload leaves no row and no file', async () => {
    const st = stack();
    const id = uniq('abort');
    await st.service.storage.createBucket(id);
    const u = new URL(st.url);
    const req = http.request({
      host: u.hostname, port: u.port, method: 'POST', path: `/storage/v1/object/${id}/partial.bin`,
      headers: { authorization: `Bearer ${st.project.serviceRoleKey}`, 'content-type': 'application/octet-stream', 'content-length': String(4 * 1024 * 1024) },
    });
    req.on('error', () => {});
    req.write(randomBytes(512 * 1024));
    if (st.backendRoot) await eventually(async () => (await tmpFiles(st)).length > 0, 'the upload to start writing');
    req.destroy();
    await eventually(async () => (await tmpFiles(st)).length === 0, 'the partial file to be removed');
    // The server has seen the disconnect; the same key is still free and nothing was recorded.
    assert.equal((await st.service.storage.from(id).exists('partial.bin')).data, false);
    assert.deepEqual(await keysOf(st, `${id}/`), []);
    assert.equal((await st.service.storage.from(id).upload('partial.bin', 'whole')).error, null);
  });

  test('concurrent upserts of one key end with one complete object and one file', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = uniq('race');
    await s.createBucket(id);
    const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(256 * 1024, 65 + i));
    const results = await Promise.all(bodies.map((b) => s.from(id).upload('same.bin', b, { upsert: true })));
    assert.deepEqual(results.map((r) => r.error), bodies.map(() => null));
    const got = Buffer.from(await (await s.from(id).download('same.bin')).data!.arrayBuffer());
    assert.ok(bodies.some((b) => b.equals(got)), 'the object is one of the uploads, whole');
    assert.equal((await keysOf(st, `${id}/same.bin/`)).length, 1);
    const inserts = await Promise.all(bodies.map((b) => s.from(id).upload('once.bin', b)));
    assert.equal(inserts.filter((r) => r.error === null).length, 1);
    assert.ok(inserts.filter((r) => r.error).every((r) => r.error?.statusCode === '409'));
    assert.equal((await keysOf(st, `${id}/once.bin/`)).length, 1);
    assert.deepEqual(await tmpFiles(st), []);
  });

  test('bulk delete accepts at most 1000 keys', async () => {
    const s = stack().service.storage;
    const id = uniq('bulk');
    await s.createBucket(id);
    const r = await s.from(id).remove(Array.from({ length: 1001 }, (_, i) => `k${i}`));
    assert.equal(r.error?.statusCode, '400');
  });
}
