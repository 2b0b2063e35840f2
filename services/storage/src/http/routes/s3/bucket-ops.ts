// S3 bucket operations: ListBuckets, HeadBucket, CreateBucket, DeleteBucket, GetBucketLocation, ListObjects(V2).
import type { FastifyReply } from 'fastify';
import { raise } from '../../../errors.ts';
import type { S3Caller } from './auth.ts';
import type { S3Request } from './s3-request.ts';
import { xml } from './xml.ts';

const iso = (s: string | null) => (s ? new Date(s).toISOString() : new Date(0).toISOString());

export async function listBuckets(c: S3Caller, r: S3Request, reply: FastifyReply) {
  const buckets = await c.storage.listBuckets({});
  return reply.type('application/xml').send(xml('ListAllMyBucketsResult', {
    Owner: { ID: r.ref, DisplayName: r.ref },
    Buckets: buckets.length ? { Bucket: buckets.map((b) => ({ Name: b.id, CreationDate: iso(b.created_at) })) } : '',
  }));
}

export async function headBucket(c: S3Caller, r: S3Request, reply: FastifyReply) {
  await c.storage.getBucket(r.bucket);
  return reply.code(200).header('x-amz-bucket-region', r.region).send();
}

export async function createBucket(c: S3Caller, r: S3Request, reply: FastifyReply) {
  await c.storage.createBucket({ id: r.bucket, name: r.bucket });
  return reply.code(200).header('location', `/${r.bucket}`).send();
}

export async function deleteBucket(c: S3Caller, r: S3Request, reply: FastifyReply) {
  await c.storage.deleteBucket(r.bucket);
  return reply.code(204).send();
}

export async function bucketLocation(c: S3Caller, r: S3Request, reply: FastifyReply) {
  await c.storage.getBucket(r.bucket);
  return reply.type('application/xml').send(xml('LocationConstraint', { '#text': r.region }));
}

/** ListObjectsV2 (list-type=2) and the v1 form (marker): one page in key order, `/` as the only delimiter. */
export async function listObjects(c: S3Caller, r: S3Request, reply: FastifyReply) {
  const q = r.query;
  const v2 = q['list-type'] === '2';
  const prefix = q.prefix ?? '';
  const delimiter = q.delimiter ?? '';
  if (delimiter && delimiter !== '/') throw raise('NotImplemented', 'Only "/" is supported as a delimiter');
  const maxKeys = Math.max(0, Math.min(Number(q['max-keys'] ?? 1000) || 1000, 1000));
  const token = v2 ? (q['continuation-token'] ? Buffer.from(q['continuation-token'], 'base64url').toString('utf8') : q['start-after']) : q.marker;
  const rows = maxKeys === 0 ? [] : await c.storage.from(r.bucket).listV2({
    prefix, delimiter: delimiter === '/', limit: maxKeys, sortColumn: 'name', sortOrder: 'asc', after: token ? { key: token } : undefined,
  });
  const truncated = rows.length > maxKeys;
  const page = rows.slice(0, maxKeys);
  const last = page[page.length - 1]?.name;
  const contents = page.filter((o) => !o.is_folder).map((o) => ({
    Key: o.name, LastModified: iso(o.updated_at), ETag: (o.metadata as { eTag?: string } | null)?.eTag ?? '""',
    Size: Number((o.metadata as { size?: number } | null)?.size ?? 0), StorageClass: 'STANDARD',
  }));
  const prefixes = page.filter((o) => o.is_folder).map((o) => ({ Prefix: o.name }));
  const body: Record<string, unknown> = {
    Name: r.bucket, Prefix: prefix, MaxKeys: maxKeys, IsTruncated: truncated,
    ...(delimiter ? { Delimiter: delimiter } : {}),
    ...(contents.length ? { Contents: contents } : {}),
    ...(prefixes.length ? { CommonPrefixes: prefixes } : {}),
  };
  if (v2) {
    body.KeyCount = page.length;
    if (q['continuation-token']) body.ContinuationToken = q['continuation-token'];
    if (q['start-after']) body.StartAfter = q['start-after'];
    if (truncated && last) body.NextContinuationToken = Buffer.from(last).toString('base64url');
  } else {
    body.Marker = q.marker ?? '';
    if (truncated && last) body.NextMarker = last;
  }
  return reply.type('application/xml').send(xml('ListBucketResult', body));
}
