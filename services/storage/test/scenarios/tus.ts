// Resumable uploads with tus-js-client: create/patch/head/terminate, resume after a service restart,
// the same limits and RLS as simple uploads, the signed variant, and ids that cannot name other files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as tus from 'tus-js-client';
import { rawRequest, sha256, type Stack } from '../helpers.ts';

const CHUNK = 6 * 1024 * 1024;
const uniq = (t: string) => `${t}-${randomBytes(3).toString('hex')}`;

interface TusRun { url: string | null; error: Error | null }

function upload(st: Stack, data: Buffer, o: { bucket: string; name: string; token?: string; headers?: Record<string, string>; stopAfterChunks?: number; uploadUrl?: string; endpoint?: string; contentType?: string }): Promise<TusRun> {
  return new Promise((resolve) => {
    let chunks = 0;
    const u: tus.Upload = new tus.Upload(data, {
      endpoint: o.endpoint ?? `${st.storageUrl}/upload/resumable`,
      uploadUrl: o.uploadUrl,
      retryDelays: [],
      chunkSize: CHUNK,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      metadata: { bucketName: o.bucket, objectName: o.name, contentType: o.contentType ?? 'application/octet-stream', cacheControl: '3600' },
      removeFingerprintOnSuccess: true,
      onChunkComplete() {
        chunks += 1;
        if (o.stopAfterChunks && chunks >= o.stopAfterChunks) void u.abort().then(() => resolve({ url: u.url, error: null }));
      },
      onSuccess: () => resolve({ url: u.url, error: null }),
      onError: (error) => resolve({ url: u.url, error }),
    });
    u.start();
  });
}

const statusOf = (e: Error | null) => (e as { originalResponse?: { getStatus(): number } } | null)?.originalResponse?.getStatus();

export function tusScenarios(stack: () => Stack): void {
  test('tus: an upload interrupted, the service restarted, then resumed completes byte-identical', async () => {
    const st = stack();
    const bucket = uniq('tus');
    await st.service.storage.createBucket(bucket);
    const data = randomBytes(3 * CHUNK + 12345);
    const first = await upload(st, data, { bucket, name: 'big/resumed.bin', token: st.project.serviceRoleKey, stopAfterChunks: 1 });
    assert.equal(first.error, null);
    assert.ok(first.url);
    const head1 = await fetch(first.url!, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${st.project.serviceRoleKey}` } });
    assert.equal(head1.headers.get('upload-offset'), String(CHUNK));
    assert.equal(head1.headers.get('upload-length'), String(data.length));
    assert.equal((await st.service.storage.from(bucket).exists('big/resumed.bin')).data, false, 'no object before completion');
    await st.restart();
    const second = await upload(st, data, { bucket, name: 'big/resumed.bin', token: st.project.serviceRoleKey, uploadUrl: first.url! });
    assert.equal(second.error, null);
    const dl = await st.service.storage.from(bucket).download('big/resumed.bin');
    assert.equal(sha256(Buffer.from(await dl.data!.arrayBuffer())), sha256(data));
    const info = (await st.service.storage.from(bucket).info('big/resumed.bin')).data!;
    assert.equal(info.size, data.length);
    assert.equal(info.cacheControl, 'max-age=3600');
    const gone = await fetch(first.url!, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${st.project.serviceRoleKey}` } });
    assert.equal(gone.status, 404, 'the TUS copy is removed once stored');
  });

  test('tus: terminate (DELETE) discards an unfinished upload', async () => {
    const st = stack();
    const bucket = uniq('tusdel');
    await st.service.storage.createBucket(bucket);
    const run = await upload(st, randomBytes(2 * CHUNK), { bucket, name: 'x.bin', token: st.project.serviceRoleKey, stopAfterChunks: 1 });
    const h = { 'tus-resumable': '1.0.0', authorization: `Bearer ${st.project.serviceRoleKey}` };
    assert.equal((await fetch(run.url!, { method: 'DELETE', headers: h })).status, 204);
    assert.equal((await fetch(run.url!, { method: 'HEAD', headers: h })).status, 404);
    assert.equal((await st.service.storage.from(bucket).exists('x.bin')).data, false);
  });

  test('tus: RLS decides at creation and completion; another user cannot continue the upload', async () => {
    const st = stack();
    const bucket = uniq('tusrls');
    await st.service.storage.createBucket(bucket);
    await st.sql(`create policy "tus own ${bucket}" on storage.objects for insert to authenticated with check (bucket_id = '${bucket}' and (storage.foldername(name))[1] = auth.uid()::text)`);
    const a = await st.userClient();
    const b = await st.userClient();
    const denied = await upload(st, randomBytes(1000), { bucket, name: `${b.sub}/x.bin`, token: a.token });
    assert.equal(statusOf(denied.error), 403);
    const started = await upload(st, randomBytes(CHUNK + 10), { bucket, name: `${a.sub}/mine.bin`, token: a.token, stopAfterChunks: 1 });
    assert.equal(started.error, null);
    const hijack = await fetch(started.url!, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${b.token}` } });
    assert.equal(hijack.status, 403);
    const data = randomBytes(CHUNK + 10);
    const done = await upload(st, data, { bucket, name: `${a.sub}/mine2.bin`, token: a.token });
    assert.equal(done.error, null);
    const row = await st.sql('select owner_id from storage.objects where bucket_id = $1 and name = $2', [bucket, `${a.sub}/mine2.bin`]);
    assert.equal(row.rows[0].owner_id, a.sub);
    // No credentials at all: refused before tus, in the storage error format (HTTP 400, statusCode "403").
    const noCreds = await upload(st, randomBytes(10), { bucket, name: 'anon.bin' });
    assert.equal(statusOf(noCreds.error), 400);
  });

  test('tus: size, MIME and duplicate checks happen at creation', async () => {
    const st = stack();
    const bucket = uniq('tuslim');
    await st.service.storage.createBucket(bucket, { public: false, fileSizeLimit: 1000, allowedMimeTypes: ['image/*'] });
    const tooBig = await upload(st, randomBytes(1001), { bucket, name: 'big.png', token: st.project.serviceRoleKey, contentType: 'image/png' });
    assert.equal(statusOf(tooBig.error), 413);
    const wrongType = await upload(st, randomBytes(10), { bucket, name: 'a.txt', token: st.project.serviceRoleKey, contentType: 'text/plain' });
    assert.equal(statusOf(wrongType.error), 415);
    assert.equal((await upload(st, randomBytes(10), { bucket, name: 'ok.png', token: st.project.serviceRoleKey, contentType: 'image/png' })).error, null);
    const dup = await upload(st, randomBytes(10), { bucket, name: 'ok.png', token: st.project.serviceRoleKey, contentType: 'image/png' });
    assert.equal(statusOf(dup.error), 409);
    const upsert = await upload(st, randomBytes(20), { bucket, name: 'ok.png', token: st.project.serviceRoleKey, contentType: 'image/png', headers: { 'x-upsert': 'true' } });
    assert.equal(upsert.error, null);
    assert.equal((await st.service.storage.from(bucket).info('ok.png')).data!.size, 20);
    const badKey = await upload(st, randomBytes(10), { bucket, name: '../../escape.png', token: st.project.serviceRoleKey, contentType: 'image/png' });
    assert.equal(statusOf(badKey.error), 400);
  });

  test('tus: the signed endpoint takes an upload token in x-signature', async () => {
    const st = stack();
    const bucket = uniq('tussig');
    await st.service.storage.createBucket(bucket);
    const { token } = (await st.service.storage.from(bucket).createSignedUploadUrl('signed/up.bin')).data!;
    const data = randomBytes(CHUNK + 99);
    const ok = await upload(st, data, { bucket, name: 'signed/up.bin', endpoint: `${st.storageUrl}/upload/resumable/sign`, headers: { 'x-signature': token } });
    assert.equal(ok.error, null);
    const dl = await st.service.storage.from(bucket).download('signed/up.bin');
    assert.equal(sha256(Buffer.from(await dl.data!.arrayBuffer())), sha256(data));
    const other = await upload(st, data, { bucket, name: 'signed/other.bin', endpoint: `${st.storageUrl}/upload/resumable/sign`, headers: { 'x-signature': token } });
    assert.equal(statusOf(other.error), 400);
  });

  test('tus: upload ids that are not ours (traversal) are refused before the file store sees them', async () => {
    const st = stack();
    for (const id of ['..', '%2e%2e%2fetc', 'ABC', `${randomUUID()}`]) {
      const r = await rawRequest(st.url, `/storage/v1/upload/resumable/${id}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${st.project.serviceRoleKey}` } });
      assert.ok([400, 404].includes(r.status), `${id}: ${r.status}`);
    }
  });
}
