// S3 multipart operations: Create, UploadPart, Complete, Abort, ListParts, ListMultipartUploads.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { raise } from '../../../errors.ts';
import { mustBeValidKey } from '../../../limits.ts';
import { MultipartUploads } from '../../../storage/multipart.ts';
import type { S3Caller } from './auth.ts';
import { amzMeta, readText, s3Body } from './body.ts';
import type { S3Request } from './s3-request.ts';
import { parseXml, xml } from './xml.ts';

export async function createMultipart(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply, limit: number) {
  mustBeValidKey(r.key);
  const cc = request.headers['cache-control'];
  const id = await new MultipartUploads(c.storage, limit).create({
    bucketId: r.bucket, key: r.key, callerKey: c.callerKey, owner: c.owner,
    contentType: request.headers['content-type'] || 'application/octet-stream', cacheControl: typeof cc === 'string' && cc ? cc : 'no-cache',
    userMetadata: amzMeta(request),
  });
  return reply.type('application/xml').send(xml('InitiateMultipartUploadResult', { Bucket: r.bucket, Key: r.key, UploadId: id }));
}

export async function uploadPart(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply, limit: number) {
  const mp = new MultipartUploads(c.storage, limit);
  const u = await mp.find(r.query.uploadId, c.callerKey, r.bucket, r.key);
  const { body, check } = s3Body(request, c.credential);
  const part = await mp.uploadPart(u, Number(r.query.partNumber), body);
  check?.();
  return reply.code(200).header('etag', part.etag).send();
}

export async function completeMultipart(c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply, limit: number) {
  const mp = new MultipartUploads(c.storage, limit);
  const u = await mp.find(r.query.uploadId, c.callerKey, r.bucket, r.key);
  const doc = parseXml(await readText(request));
  const parts = ((doc.CompleteMultipartUpload?.Part ?? []) as { PartNumber?: string; ETag?: string }[])
    .map((p) => ({ partNumber: Number(p.PartNumber), etag: p.ETag }));
  if (parts.some((p) => !Number.isInteger(p.partNumber))) throw raise('InvalidRequest', 'Invalid part list');
  const res = await mp.complete(u, parts);
  return reply.type('application/xml').send(xml('CompleteMultipartUploadResult', {
    Location: `/${r.bucket}/${r.key}`, Bucket: r.bucket, Key: r.key, ETag: res.metadata.eTag,
  }));
}

export async function abortMultipart(c: S3Caller, r: S3Request, reply: FastifyReply, limit: number) {
  const mp = new MultipartUploads(c.storage, limit);
  await mp.abort(await mp.find(r.query.uploadId, c.callerKey, r.bucket, r.key));
  return reply.code(204).send();
}

export async function listParts(c: S3Caller, r: S3Request, reply: FastifyReply, limit: number) {
  const mp = new MultipartUploads(c.storage, limit);
  const u = await mp.find(r.query.uploadId, c.callerKey, r.bucket, r.key);
  const parts = await mp.parts(u);
  return reply.type('application/xml').send(xml('ListPartsResult', {
    Bucket: r.bucket, Key: r.key, UploadId: u.id, IsTruncated: false,
    ...(parts.length ? { Part: parts.map((p) => ({ PartNumber: p.part_number, ETag: p.etag, Size: p.size, LastModified: new Date(p.created_at).toISOString() })) } : {}),
  }));
}

export async function listMultipartUploads(c: S3Caller, r: S3Request, reply: FastifyReply, limit: number) {
  await c.storage.getBucket(r.bucket);
  const uploads = (await new MultipartUploads(c.storage, limit).uploads(r.bucket, r.query.prefix ?? '', 1000))
    .filter((u) => u.upload_signature === c.callerKey);
  return reply.type('application/xml').send(xml('ListMultipartUploadsResult', {
    Bucket: r.bucket, IsTruncated: false,
    ...(uploads.length ? { Upload: uploads.map((u) => ({ Key: u.key, UploadId: u.id, Initiated: new Date(u.created_at).toISOString() })) } : {}),
  }));
}
