// The project's S3-compatible endpoint through @aws-sdk/client-s3 (and lib-storage, the presigner):
// static keys (no RLS) and session credentials (a user JWT: RLS), XML errors, multipart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketCommand,
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListObjectsV2Command, ListPartsCommand, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3_KEY, sha256, type Stack } from '../helpers.ts';

const uniq = (t: string) => `${t}-${randomBytes(3).toString('hex')}`;

function client(st: Stack, creds?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): S3Client {
  return new S3Client({
    endpoint: `${st.storageUrl}/s3`, region: 'local', forcePathStyle: true,
    credentials: creds ?? { accessKeyId: S3_KEY.id, secretAccessKey: S3_KEY.secret },
  });
}

const errOf = async (p: Promise<unknown>) => p.then(() => null, (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => [e.name, e.$metadata?.httpStatusCode]);

export function s3Scenarios(stack: () => Stack): void {
  test('s3: buckets and objects with static keys (put, get with range, head, list, copy, delete)', async () => {
    const st = stack();
    const s3 = client(st);
    const b = uniq('s3b');
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(new HeadBucketCommand({ Bucket: b }));
    assert.ok((await s3.send(new ListBucketsCommand({}))).Buckets!.some((x) => x.Name === b));
    const put = await s3.send(new PutObjectCommand({ Bucket: b, Key: 'dir/hello.txt', Body: 'hello s3', ContentType: 'text/plain', Metadata: { color: 'blue' } }));
    assert.match(put.ETag!, /^"[0-9a-f]{32}"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: b, Key: 'dir/hello.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello s3');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.Metadata?.color, 'blue');
    const part = await s3.send(new GetObjectCommand({ Bucket: b, Key: 'dir/hello.txt', Range: 'bytes=6-7' }));
    assert.equal(await part.Body!.transformToString(), 's3');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: b, Key: 'dir/hello.txt' }))).ContentLength, 8);
    for (const k of ['a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'z.txt']) await s3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: k }));
    const flat = await s3.send(new ListObjectsV2Command({ Bucket: b }));
    assert.deepEqual(flat.Contents!.map((o) => o.Key), ['a.txt', 'dir/b.txt', 'dir/hello.txt', 'dir/sub/c.txt', 'z.txt']);
    const tree = await s3.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/', Prefix: 'dir/' }));
    assert.deepEqual(tree.Contents!.map((o) => o.Key), ['dir/b.txt', 'dir/hello.txt']);
    assert.deepEqual(tree.CommonPrefixes!.map((p) => p.Prefix), ['dir/sub/']);
    const p1 = await s3.send(new ListObjectsV2Command({ Bucket: b, MaxKeys: 2 }));
    assert.equal(p1.IsTruncated, true);
    const p2 = await s3.send(new ListObjectsV2Command({ Bucket: b, MaxKeys: 10, ContinuationToken: p1.NextContinuationToken }));
    assert.deepEqual([...p1.Contents!, ...p2.Contents!].map((o) => o.Key), flat.Contents!.map((o) => o.Key));
    await s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy.txt', CopySource: `${b}/dir/hello.txt` }));
    assert.equal(await (await st.service.storage.from(b).download('copy.txt')).data!.text(), 'hello s3');
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'copy.txt' }));
    const del = await s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'z.txt' }, { Key: 'missing' }] } }));
    assert.equal(del.Deleted!.length, 3);
    assert.deepEqual(await errOf(s3.send(new GetObjectCommand({ Bucket: b, Key: 'a.txt' }))), ['NoSuchKey', 404]);
    assert.deepEqual(await errOf(s3.send(new DeleteBucketCommand({ Bucket: b }))), ['BucketNotEmpty', 409]);
    assert.deepEqual(await errOf(s3.send(new PutObjectCommand({ Bucket: b, Key: '../escape', Body: 'x' }))), ['InvalidKey', 400]);
    assert.deepEqual(await errOf(s3.send(new ListObjectsV2Command({ Bucket: 'nope-nope' }))), ['NoSuchBucket', 404]);
    // A stream body goes out aws-chunked (STREAMING-UNSIGNED-PAYLOAD-TRAILER with a checksum trailer).
    const streamed = randomBytes(300_000);
    await s3.send(new PutObjectCommand({ Bucket: b, Key: 'streamed.bin', Body: Readable.from([streamed.subarray(0, 100_000), streamed.subarray(100_000)]), ContentLength: streamed.length }));
    assert.equal(sha256(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: b, Key: 'streamed.bin' }))).Body!.transformToByteArray())), sha256(streamed));
    // Objects written by supabase-js are readable over S3 and the reverse.
    await st.service.storage.from(b).upload('from-js.txt', 'js');
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: b, Key: 'from-js.txt' }))).Body!.transformToString(), 'js');
    s3.destroy();
  });

  test('s3: multipart uploads (lib-storage, 12 MB) are byte-identical; list parts and abort', async () => {
    const st = stack();
    const s3 = client(st);
    const b = uniq('s3m');
    await st.service.storage.createBucket(b);
    const data = randomBytes(12 * 1024 * 1024 + 333);
    await new Upload({ client: s3, params: { Bucket: b, Key: 'big/file.bin', Body: data, ContentType: 'application/x-big' }, partSize: 5 * 1024 * 1024, queueSize: 2 }).done();
    const got = await s3.send(new GetObjectCommand({ Bucket: b, Key: 'big/file.bin' }));
    assert.equal(sha256(Buffer.from(await got.Body!.transformToByteArray())), sha256(data));
    assert.equal((await st.service.storage.from(b).info('big/file.bin')).data!.contentType, 'application/x-big');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'aborted.bin' }));
    await s3.send(new UploadPartCommand({ Bucket: b, Key: 'aborted.bin', UploadId, PartNumber: 1, Body: randomBytes(1024) }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: b, Key: 'aborted.bin', UploadId }));
    assert.deepEqual(parts.Parts!.map((p) => [p.PartNumber, p.Size]), [[1, 1024]]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'aborted.bin', UploadId }));
    assert.deepEqual(await errOf(s3.send(new ListPartsCommand({ Bucket: b, Key: 'aborted.bin', UploadId }))), ['NoSuchUpload', 404]);
    const left = [];
    for await (const e of st.backend.list('#multipart/')) left.push(e.key);
    assert.deepEqual(left, [], 'parts are removed after completion and abort');
    s3.destroy();
  });

  test('s3: presigned GET and PUT URLs', async () => {
    const st = stack();
    const s3 = client(st);
    const b = uniq('s3p');
    await st.service.storage.createBucket(b);
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: b, Key: 'pre.txt' }), { expiresIn: 60 });
    assert.equal((await fetch(putUrl, { method: 'PUT', body: 'presigned body' })).status, 200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: b, Key: 'pre.txt' }), { expiresIn: 60 });
    assert.equal(await (await fetch(getUrl)).text(), 'presigned body');
    const tampered = getUrl.replace('pre.txt', 'other.txt');
    const r = await fetch(tampered);
    assert.equal(r.status, 403);
    assert.match(await r.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    s3.destroy();
  });

  test('s3: wrong secrets and unknown keys are refused', async () => {
    const st = stack();
    const bad = client(st, { accessKeyId: S3_KEY.id, secretAccessKey: 'wrong' });
    assert.deepEqual(await errOf(bad.send(new ListBucketsCommand({}))), ['SignatureDoesNotMatch', 403]);
    const unknown = client(st, { accessKeyId: 'nobody', secretAccessKey: 'x' });
    assert.deepEqual(await errOf(unknown.send(new ListBucketsCommand({}))), ['InvalidAccessKeyId', 403]);
    const anon = await fetch(`${st.storageUrl}/s3`);
    assert.equal(anon.status, 403);
    bad.destroy();
    unknown.destroy();
  });

  test('s3: session credentials (project ref + anon key + user JWT) run under RLS', async () => {
    const st = stack();
    const b = uniq('s3rls');
    await st.service.storage.createBucket(b);
    const own = `bucket_id = '${b}' and (storage.foldername(name))[1] = auth.uid()::text`;
    await st.sql(`create policy "s3 ins ${b}" on storage.objects for insert to authenticated with check (${own})`);
    await st.sql(`create policy "s3 sel ${b}" on storage.objects for select to authenticated using (${own})`);
    await st.sql(`create policy "s3 upd ${b}" on storage.objects for update to authenticated using (${own}) with check (${own})`);
    const u = await st.userClient();
    const s3 = client(st, { accessKeyId: st.project.ref, secretAccessKey: st.project.anonKey, sessionToken: u.token });
    await s3.send(new PutObjectCommand({ Bucket: b, Key: `${u.sub}/mine.txt`, Body: 'mine' }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: b, Key: `${u.sub}/mine.txt` }))).Body!.transformToString(), 'mine');
    assert.deepEqual(await errOf(s3.send(new PutObjectCommand({ Bucket: b, Key: 'someone-else/x.txt', Body: 'x' }))), ['AccessDenied', 403]);
    await st.service.storage.from(b).upload('hidden.txt', 'hidden');
    assert.deepEqual(await errOf(s3.send(new GetObjectCommand({ Bucket: b, Key: 'hidden.txt' }))), ['NoSuchKey', 404]);
    assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: b }))).Contents!.map((o) => o.Key), [`${u.sub}/mine.txt`]);
    const forged = client(st, { accessKeyId: st.project.ref, secretAccessKey: st.project.anonKey, sessionToken: 'not-a-jwt' });
    assert.deepEqual(await errOf(forged.send(new ListObjectsV2Command({ Bucket: b }))), ['AccessDenied', 403]);
    s3.destroy();
    forged.destroy();
  });
}
