// supabase-js scenarios for every storage method of the contract, run against any stack (engine × backend).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { bodyOf, sha256, type Stack } from '../helpers.ts';

let n = 0;
const bucketName = (tag: string) => `${tag}-${++n}-${randomBytes(3).toString('hex')}`;

export function apiScenarios(stack: () => Stack): void {
  test('buckets: create, get, list, update, duplicate, invalid name', async () => {
    const s = stack().service.storage;
    const id = bucketName('b');
    assert.deepEqual(await s.createBucket(id, { public: false, fileSizeLimit: '1MB', allowedMimeTypes: ['image/png', 'text/*'] }), { data: { name: id }, error: null });
    const got = await s.getBucket(id);
    assert.equal(got.error, null);
    assert.equal(got.data!.id, id);
    assert.equal(got.data!.name, id);
    assert.equal(got.data!.public, false);
    assert.equal(got.data!.file_size_limit, 1024 * 1024);
    assert.deepEqual(got.data!.allowed_mime_types, ['image/png', 'text/*']);
    assert.ok((await s.listBuckets()).data!.some((b) => b.id === id));
    assert.deepEqual((await s.updateBucket(id, { public: true, fileSizeLimit: 2048, allowedMimeTypes: [] })).data, { message: 'Successfully updated' });
    const after = (await s.getBucket(id)).data!;
    assert.equal(after.public, true);
    assert.equal(after.file_size_limit, 2048);
    const dup = await s.createBucket(id);
    assert.equal(dup.error?.statusCode, '409');
    assert.equal((dup.error as { status?: number }).status, 400);
    const bad = await s.createBucket('no/slash');
    assert.equal(bad.error?.statusCode, '400');
    assert.equal((bad.error as { code?: string }).code, 'InvalidBucketName');
    const dots = await s.createBucket('..');
    assert.equal((dots.error as { code?: string }).code, 'InvalidBucketName');
    const missing = await s.getBucket('does-not-exist');
    assert.equal(missing.error?.statusCode, '404');
  });


  test('buckets: null limits mean none (a null file_size_limit is not 0), and uploads pass', async () => {
    const s = stack().service.storage;
    const id = bucketName('nl');
    assert.equal((await s.createBucket(id, { public: false, fileSizeLimit: null as unknown as number, allowedMimeTypes: null as unknown as string[] })).error, null);
    const got = (await s.getBucket(id)).data!;
    assert.equal(got.file_size_limit, null);
    assert.equal(got.allowed_mime_types, null);
    assert.equal((await s.from(id).upload('a.txt', Buffer.from('hello'), { contentType: 'text/plain' })).error, null);
    assert.equal((await s.updateBucket(id, { public: false, fileSizeLimit: null as unknown as number })).error, null);
    assert.equal((await s.getBucket(id)).data!.file_size_limit, null);
    assert.equal((await s.from(id).upload('b.txt', Buffer.from('hello'), { contentType: 'text/plain' })).error, null);
  });
  test('buckets: delete refuses a non-empty bucket until emptied', async () => {
    const s = stack().service.storage;
    const id = bucketName('del');
    await s.createBucket(id);
    for (const k of ['a.txt', 'dir/b.txt', 'dir/sub/c.txt']) assert.equal((await s.from(id).upload(k, 'x')).error, null);
    const refused = await s.deleteBucket(id);
    assert.equal(refused.error?.statusCode, '409');
    assert.equal((refused.error as { code?: string }).code, 'ResourceNotEmpty');
    assert.ok((await s.emptyBucket(id)).data?.message);
    assert.deepEqual((await s.from(id).list()).data, []);
    assert.deepEqual((await s.deleteBucket(id)).data, { message: 'Successfully deleted' });
    assert.equal((await s.getBucket(id)).error?.statusCode, '404');
    const files = [];
    for await (const e of stack().backend.list(`${id}/`)) files.push(e.key);
    assert.deepEqual(files, [], 'emptying removes the files too');
  });

  test('objects: upload raw and multipart, info, exists, download, duplicate, upsert, update', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = bucketName('obj');
    await s.createBucket(id);
    const up = await s.from(id).upload('folder/hello.txt', 'hello world', { contentType: 'text/plain', cacheControl: '120', metadata: { a: 1 } });
    assert.equal(up.error, null);
    assert.equal(up.data!.path, 'folder/hello.txt');
    assert.equal(up.data!.fullPath, `${id}/folder/hello.txt`);
    const form = await s.from(id).upload('folder/blob.bin', new Blob([Buffer.from([1, 2, 3])], { type: 'application/x-test' }));
    assert.equal(form.error, null);
    const info = (await s.from(id).info('folder/hello.txt')).data!;
    assert.equal(info.size, 11);
    assert.equal(info.contentType, 'text/plain');
    assert.equal(info.cacheControl, 'max-age=120');
    assert.deepEqual(info.metadata, { a: 1 });
    assert.equal(info.id, up.data!.id);
    assert.equal((await s.from(id).info('folder/blob.bin')).data!.contentType, 'application/x-test');
    assert.equal((await s.from(id).exists('folder/hello.txt')).data, true);
    assert.equal((await s.from(id).exists('folder/nope.txt')).data, false);
    assert.equal(await (await s.from(id).download('folder/hello.txt')).data!.text(), 'hello world');
    assert.deepEqual(Buffer.from(await (await s.from(id).download('folder/blob.bin')).data!.arrayBuffer()), Buffer.from([1, 2, 3]));
    const dup = await s.from(id).upload('folder/hello.txt', 'again');
    assert.equal((dup.error as { code?: string }).code, 'ResourceAlreadyExists');
    assert.equal(dup.error?.statusCode, '409');
    assert.equal((await s.from(id).upload('folder/hello.txt', 'replaced', { upsert: true })).error, null);
    assert.equal(await (await s.from(id).download('folder/hello.txt')).data!.text(), 'replaced');
    assert.equal((await s.from(id).update('folder/hello.txt', 'updated')).error, null);
    assert.equal(await (await s.from(id).download('folder/hello.txt')).data!.text(), 'updated');
    assert.equal((await s.from(id).info('folder/hello.txt')).data!.id, up.data!.id, 'replacing keeps the row id');
    const versions = [];
    for await (const e of st.backend.list(`${id}/folder/hello.txt/`)) versions.push(e.key);
    assert.equal(versions.length, 1, 'replaced versions are removed from the backend');
    const missing = await s.from(id).download('nope.txt');
    assert.equal((missing.error as { statusCode?: string }).statusCode, '404');
    assert.equal((await s.from('no-such-bucket').upload('x.txt', 'x')).error?.statusCode, '404');
  });

  test('objects: keys with spaces, specials, deep folders and ~1000 bytes round-trip', async () => {
    const s = stack().service.storage;
    const id = bucketName('keys');
    await s.createBucket(id);
    for (const k of ['with space.txt', "quote's (1).txt", 'a/b/c/d/e/f.txt', 'x=1&y=2;z@w+v,u:t.txt', Array.from({ length: 4 }, (_, i) => `${i}`.repeat(250)).join('/')]) {
      assert.equal((await s.from(id).upload(k, k)).error, null, k);
      assert.equal(await (await s.from(id).download(k)).data!.text(), k, k);
    }
  });

  test('list: folders first, prefix, search, sort, limit/offset', async () => {
    const s = stack().service.storage;
    const id = bucketName('list');
    await s.createBucket(id);
    for (const k of ['top.txt', 'docs/b.txt', 'docs/a.txt', 'docs/Apple.md', 'docs/sub/x.txt', 'img/1.png', 'docs_x.txt']) {
      assert.equal((await s.from(id).upload(k, k)).error, null);
    }
    const root = (await s.from(id).list()).data!;
    assert.deepEqual(root.map((e) => [e.name, e.id === null]), [['docs', true], ['img', true], ['docs_x.txt', false], ['top.txt', false]]);
    const docs = (await s.from(id).list('docs')).data!;
    assert.deepEqual(docs.map((e) => e.name), ['sub', 'Apple.md', 'a.txt', 'b.txt']);
    assert.equal(docs[1].metadata!.size, 'docs/Apple.md'.length);
    assert.deepEqual((await s.from(id).list('docs', { search: 'a' })).data!.map((e) => e.name), ['Apple.md', 'a.txt']);
    assert.deepEqual((await s.from(id).list('docs', { sortBy: { column: 'name', order: 'desc' } })).data!.map((e) => e.name), ['sub', 'b.txt', 'a.txt', 'Apple.md']);
    assert.deepEqual((await s.from(id).list('docs', { limit: 2, offset: 1 })).data!.map((e) => e.name), ['Apple.md', 'a.txt']);
    assert.deepEqual((await s.from(id).list('docs/')).data!.map((e) => e.name), ['sub', 'Apple.md', 'a.txt', 'b.txt']);
    assert.deepEqual((await s.from(id).list('doc')).data, [], 'a prefix is a folder, not a string prefix');
    const bySize = (await s.from(id).list('docs', { sortBy: { column: 'created_at', order: 'asc' } })).data!;
    assert.deepEqual(bySize.map((e) => e.name), ['sub', 'b.txt', 'a.txt', 'Apple.md']);
  });

  test('listV2: flat pages with a cursor, and folders with a delimiter', async () => {
    const s = stack().service.storage;
    const id = bucketName('lv2');
    await s.createBucket(id);
    const keys = ['a/1.txt', 'a/2.txt', 'b.txt', 'c/d/e.txt', 'c/f.txt', 'g.txt'];
    for (const k of keys) await s.from(id).upload(k, k);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = (await s.from(id).listV2({ limit: 2, cursor })).data!;
      seen.push(...page.objects.map((o) => o.name));
      assert.deepEqual(page.folders, []);
      if (!page.hasNext) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(seen, keys);
    const top = (await s.from(id).listV2({ with_delimiter: true })).data!;
    assert.deepEqual(top.folders.map((f) => f.name), ['a/', 'c/']);
    assert.deepEqual(top.objects.map((o) => o.name), ['b.txt', 'g.txt']);
    const inC = (await s.from(id).listV2({ with_delimiter: true, prefix: 'c/' })).data!;
    assert.deepEqual([inC.folders.map((f) => f.name), inC.objects.map((o) => o.name)], [['c/d/'], ['c/f.txt']]);
    const desc = (await s.from(id).listV2({ sortBy: { column: 'created_at', order: 'desc' }, limit: 4 })).data!;
    assert.equal(desc.hasNext, true);
    const rest = (await s.from(id).listV2({ cursor: desc.nextCursor })).data!;
    assert.deepEqual([...desc.objects, ...rest.objects].map((o) => o.name), [...keys].reverse());
  });

  test('move, copy (across buckets, upsert), remove', async () => {
    const s = stack().service.storage;
    const a = bucketName('mv');
    const b = bucketName('mv2');
    await s.createBucket(a);
    await s.createBucket(b);
    await s.from(a).upload('one.txt', 'one', { metadata: { k: 'v' } });
    await s.from(a).upload('two.txt', 'two');
    assert.deepEqual((await s.from(a).move('one.txt', 'moved/one.txt')).data, { message: 'Successfully moved' });
    assert.equal((await s.from(a).exists('one.txt')).data, false);
    assert.equal(await (await s.from(a).download('moved/one.txt')).data!.text(), 'one');
    const clash = await s.from(a).move('two.txt', 'moved/one.txt');
    assert.equal(clash.error?.statusCode, '409');
    assert.equal((await s.from(a).move('ghost.txt', 'x.txt')).error?.statusCode, '404');
    assert.equal((await s.from(a).move('two.txt', 'two.txt', { destinationBucket: b })).error, null);
    assert.equal(await (await s.from(b).download('two.txt')).data!.text(), 'two');
    const cp = await s.from(a).copy('moved/one.txt', 'copy.txt');
    assert.deepEqual(cp.data, { path: `${a}/copy.txt` });
    assert.deepEqual((await s.from(a).info('copy.txt')).data!.metadata, { k: 'v' });
    assert.equal(await (await s.from(a).download('copy.txt')).data!.text(), 'one');
    assert.equal((await s.from(a).copy('moved/one.txt', 'copy.txt')).error?.statusCode, '409');
    await s.from(b).upload('other.txt', 'other');
    const upsertCopy = await stack().fetch('/object/copy', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-upsert': 'true' },
      body: JSON.stringify({ bucketId: b, sourceKey: 'other.txt', destinationBucket: a, destinationKey: 'copy.txt' }),
    });
    assert.equal(upsertCopy.status, 200);
    assert.equal(await (await s.from(a).download('copy.txt')).data!.text(), 'other');
    const removed = await s.from(a).remove(['copy.txt', 'moved/one.txt', 'never-existed.txt']);
    assert.equal(removed.error, null);
    assert.deepEqual(removed.data!.map((r) => r.name).sort(), ['copy.txt', 'moved/one.txt']);
    assert.deepEqual((await s.from(a).remove(['never-existed.txt'])).data, []);
    const files = [];
    for await (const e of stack().backend.list(`${a}/`)) files.push(e.key);
    assert.deepEqual(files, []);
  });

  test('signed URLs: single, bulk, download disposition, expiry, tampering', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = bucketName('sig');
    await s.createBucket(id);
    await s.from(id).upload('dir/file one.txt', 'signed bytes', { contentType: 'text/plain' });
    const one = (await s.from(id).createSignedUrl('dir/file one.txt', 60)).data!.signedUrl;
    const res = await fetch(one);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'signed bytes');
    assert.equal(res.headers.get('content-type'), 'text/plain');
    const dl = (await s.from(id).createSignedUrl('dir/file one.txt', 60, { download: 'named.txt' })).data!.signedUrl;
    assert.equal((await fetch(dl)).headers.get('content-disposition'), "attachment; filename=named.txt; filename*=UTF-8''named.txt");
    const bulk = (await s.from(id).createSignedUrls(['dir/file one.txt', 'missing.txt'], 60)).data!;
    assert.equal(bulk[0].error, null);
    assert.equal(await (await fetch(bulk[0].signedUrl!)).text(), 'signed bytes');
    assert.equal(bulk[1].signedUrl, null);
    assert.ok(bulk[1].error);
    assert.equal((await s.from(id).createSignedUrl('missing.txt', 60)).error?.statusCode, '404');
    const token = new URL(one).searchParams.get('token')!;
    const other = await fetch(`${st.storageUrl}/object/sign/${id}/dir/other.txt?token=${token}`);
    assert.equal(other.status, 400);
    assert.equal((await other.json()).code, 'InvalidSignature');
    const { signJwt } = await import('@powabase/keys');
    const now = Math.floor(Date.now() / 1000);
    const expired = await signJwt(st.project.jwtSecret, { url: `${id}/dir/file one.txt`, scope: 'download', iat: now - 600, exp: now - 300 });
    const ex = await fetch(`${st.storageUrl}/object/sign/${id}/dir/file%20one.txt?token=${expired}`);
    assert.equal((await ex.json()).code, 'ExpiredToken');
    const forged = await signJwt('another-secret-another-secret-another', { url: `${id}/dir/file one.txt`, scope: 'download' }, { expiresInS: 60 });
    assert.equal((await (await fetch(`${st.storageUrl}/object/sign/${id}/dir/file%20one.txt?token=${forged}`)).json()).code, 'InvalidJWT');
    const uploadScoped = await signJwt(st.project.jwtSecret, { url: `${id}/dir/file one.txt`, scope: 'upload', upsert: false }, { expiresInS: 60 });
    assert.equal((await (await fetch(`${st.storageUrl}/object/sign/${id}/dir/file%20one.txt?token=${uploadScoped}`)).json()).code, 'InvalidSignature');
  });

  test('signed upload URLs: create, upload without credentials, duplicate refused, upsert allowed', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = bucketName('sup');
    await s.createBucket(id);
    const made = (await s.from(id).createSignedUploadUrl('up/load.txt')).data!;
    assert.ok(made.token);
    const done = await st.anon.storage.from(id).uploadToSignedUrl('up/load.txt', made.token, 'via signed url', { contentType: 'text/plain' });
    assert.equal(done.error, null);
    assert.equal(done.data!.fullPath, `${id}/up/load.txt`);
    assert.equal(await (await s.from(id).download('up/load.txt')).data!.text(), 'via signed url');
    const again = await st.anon.storage.from(id).uploadToSignedUrl('up/load.txt', made.token, 'second');
    assert.equal(again.error?.statusCode, '409');
    const ups = (await s.from(id).createSignedUploadUrl('up/load.txt', { upsert: true })).data!;
    assert.equal((await st.anon.storage.from(id).uploadToSignedUrl('up/load.txt', ups.token, 'third')).error, null);
    assert.equal(await (await s.from(id).download('up/load.txt')).data!.text(), 'third');
    const wrongPath = await st.anon.storage.from(id).uploadToSignedUrl('up/other.txt', made.token, 'x');
    assert.equal((wrongPath.error as { code?: string }).code, 'InvalidSignature');
    assert.equal((await s.from(id).createSignedUploadUrl('up/load.txt')).error?.statusCode, '409', 'the permission check runs when the URL is made');
  });

  test('public buckets: public URL needs no credentials; private buckets refuse it', async () => {
    const st = stack();
    const s = st.service.storage;
    const pub = bucketName('pub');
    const priv = bucketName('priv');
    await s.createBucket(pub, { public: true });
    await s.createBucket(priv, { public: false });
    await s.from(pub).upload('p.txt', 'public!', { contentType: 'text/plain' });
    await s.from(priv).upload('p.txt', 'private!');
    const url = s.from(pub).getPublicUrl('p.txt').data.publicUrl;
    const r = await fetch(url);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'public!');
    const d = await fetch(s.from(pub).getPublicUrl('p.txt', { download: true }).data.publicUrl);
    assert.equal(d.headers.get('content-disposition'), 'attachment;');
    const denied = await fetch(s.from(priv).getPublicUrl('p.txt').data.publicUrl);
    assert.equal(denied.status, 400);
    assert.deepEqual(await denied.json(), { statusCode: '404', code: 'NoSuchBucket', error: 'Bucket not found', message: 'Bucket not found' });
    assert.equal((await st.anon.storage.from(pub).info('p.txt')).error?.statusCode, '404', 'info on the authenticated route still needs a SELECT policy');
    const publicInfo = await fetch(`${st.storageUrl}/object/info/public/${pub}/p.txt`);
    assert.equal((await publicInfo.json()).size, 7);
    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), '7');
  });

  test('downloads: Range, ETag/If-None-Match, Last-Modified, HEAD', async () => {
    const st = stack();
    const s = st.service.storage;
    const id = bucketName('rng');
    await s.createBucket(id);
    await s.from(id).upload('r.bin', Buffer.from('0123456789'), { contentType: 'application/octet-stream', cacheControl: '60' });
    const part = await st.fetch(`/object/${id}/r.bin`, { headers: { range: 'bytes=2-5' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 2-5/10');
    assert.equal(await part.text(), '2345');
    const tail = await st.fetch(`/object/authenticated/${id}/r.bin`, { headers: { range: 'bytes=-3' } });
    assert.equal(await tail.text(), '789');
    const open = await st.fetch(`/object/${id}/r.bin`, { headers: { range: 'bytes=7-' } });
    assert.equal(await open.text(), '789');
    const bad = await st.fetch(`/object/${id}/r.bin`, { headers: { range: 'bytes=20-30' } });
    assert.equal(bad.status, 416);
    assert.equal((await bad.json()).code, 'InvalidRange');
    const full = await st.fetch(`/object/${id}/r.bin`);
    const etag = full.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-f]{32}(-\d+)?"$/);
    assert.equal(full.headers.get('cache-control'), 'max-age=60');
    assert.equal(full.headers.get('accept-ranges'), 'bytes');
    assert.ok(full.headers.get('last-modified'));
    await full.arrayBuffer();
    assert.equal((await st.fetch(`/object/${id}/r.bin`, { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await st.fetch(`/object/${id}/r.bin`, { headers: { 'if-modified-since': full.headers.get('last-modified')! } })).status, 304);
    const head = await st.fetch(`/object/${id}/r.bin`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '10');
    assert.equal(head.headers.get('etag'), etag);
  });

  test('a 20 MB upload and download stream through byte-identical', async () => {
    const st = stack();
    const id = bucketName('big');
    await st.service.storage.createBucket(id);
    const chunk = randomBytes(1024 * 1024);
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.concat([chunk.subarray(i), chunk.subarray(0, i)]));
    const expected = sha256(Buffer.concat(chunks));
    const up = await st.fetch(`/object/${id}/big.bin`, {
      method: 'POST', body: Readable.toWeb(Readable.from(chunks)) as ReadableStream, duplex: 'half',
      headers: { 'content-type': 'application/octet-stream' },
    } as RequestInit);
    assert.equal(up.status, 200, await up.clone().text());
    const dl = await st.fetch(`/object/${id}/big.bin`);
    assert.equal(dl.headers.get('content-length'), String(20 * 1024 * 1024));
    assert.equal(sha256(await bodyOf(dl)), expected);
    const viaJs = await st.service.storage.from(id).download('big.bin');
    assert.equal(sha256(Buffer.from(await viaJs.data!.arrayBuffer())), expected);
  });
}
