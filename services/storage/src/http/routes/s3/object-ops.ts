// S3 object operations: GetObject, HeadObject, PutObject (and CopyObject), DeleteObject, DeleteObjects.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { raise } from '../../../errors.ts';
import { sendObject } from '../../send-object.ts';
import type { S3Caller } from './auth.ts';
import { amzMeta, readText, s3Body } from './body.ts';
import type { S3Request } from './s3-request.ts';
import { parseXml, xml } from './xml.ts';

function metaHeaders(meta: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {})) if (/^[a-z0-9-]+$/i.test(k) && (typeof v === 'string' || typeof v === 'number')) out[`x-amz-meta-${k.toLowerCase()}`] = String(v);
  return out;
}

export async function getObject(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply, headOnly: boolean) {
  const objects = c.storage.from(r.bucket);
  const row = await objects.findObject(r.key);
  return sendObject(request, reply, objects, row, { headOnly, extraHeaders: metaHeaders(row.user_metadata) });
}

export async function putObject(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply, largeLimit: number) {
  const source = request.headers['x-amz-copy-source'];
  if (typeof source === 'string') return copyObject(c, r, source, reply);
  const { body, length, check } = s3Body(request, c.credential);
  const req = { bucketId: r.bucket, name: r.key, upsert: true, owner: c.owner, operation: 'storage.s3.put_object', declaredLength: length };
  const prepared = await c.storage.uploader.prepare(c.storage.db, req, largeLimit);
  const cc = request.headers['cache-control'];
  const res = await c.storage.uploader.store(c.storage.db, req, prepared, {
    body, mimetype: request.headers['content-type'] || 'application/octet-stream', cacheControl: typeof cc === 'string' && cc ? cc : 'no-cache',
    userMetadata: amzMeta(request), beforeCommit: check,
  });
  return reply.code(200).header('etag', res.metadata.eTag).send();
}

async function copyObject(c: S3Caller, r: S3Request, source: string, reply: FastifyReply) {
  const path = decodeURIComponent(source.split('?')[0]).replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash < 1) throw raise('InvalidParameter', 'Invalid x-amz-copy-source');
  const srcBucket = path.slice(0, slash);
  const srcKey = path.slice(slash + 1);
  await c.storage.from(srcBucket).copy(srcKey, r.bucket, r.key, { upsert: true, owner: c.owner, copyMetadata: true });
  const row = await c.storage.from(r.bucket).findObject(r.key);
  return reply.type('application/xml').send(xml('CopyObjectResult', { ETag: row.metadata?.eTag ?? '', LastModified: new Date(row.updated_at).toISOString() }));
}

export async function deleteObject(c: S3Caller, r: S3Request, reply: FastifyReply) {
  await c.storage.from(r.bucket).remove([r.key]);
  return reply.code(204).send();
}

export async function deleteObjects(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply) {
  const doc = parseXml(await readText(request));
  const objects = (doc.Delete?.Object ?? []) as { Key?: string }[];
  const keys = objects.map((o) => String(o.Key ?? ''));
  if (!keys.length) throw raise('InvalidRequest', 'No objects to delete');
  await c.storage.from(r.bucket).remove(keys);
  const quiet = String(doc.Delete?.Quiet ?? 'false') === 'true';
  return reply.type('application/xml').send(xml('DeleteResult', quiet ? {} : { Deleted: keys.map((Key) => ({ Key })) }));
}
