// S3 request bodies: aws-chunked decoding for STREAMING-* payloads, payload hash verification for signed
// ones (checked before the object is recorded), small XML documents read with a size cap.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { raise } from '../../../errors.ts';
import { rawBody } from '../../upload-body.ts';
import { awsChunkedDecoder } from './aws-chunked.ts';
import type { SigV4Credential } from './sigv4.ts';

export interface S3Body { body: Readable; length?: number; check?: () => void }

export function s3Body(request: FastifyRequest, cred: SigV4Credential): S3Body {
  const raw = rawBody(request);
  let body: Readable = raw;
  let length = request.headers['content-length'] !== undefined ? Number(request.headers['content-length']) : undefined;
  if (cred.payloadHash.startsWith('STREAMING-') || /aws-chunked/i.test(String(request.headers['content-encoding'] ?? ''))) {
    const dec = awsChunkedDecoder();
    raw.on('error', (e) => dec.destroy(e));
    body = raw.pipe(dec);
    const decoded = request.headers['x-amz-decoded-content-length'];
    length = decoded !== undefined ? Number(decoded) : undefined;
  }
  if (!/^[0-9a-f]{64}$/.test(cred.payloadHash)) return { body, length };
  const h = createHash('sha256');
  const tap = new Transform({ transform(c: Buffer, _e, cb) { h.update(c); cb(null, c); } });
  body.on('error', (e) => tap.destroy(e));
  return {
    body: body.pipe(tap), length,
    check: () => { if (h.digest('hex') !== cred.payloadHash) throw raise('BadDigest'); },
  };
}

export async function readText(request: FastifyRequest, max = 2 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of rawBody(request)) {
    n += c.length;
    if (n > max) throw raise('EntityTooLarge', 'The XML document is too large');
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `x-amz-meta-*` headers as user metadata. */
export function amzMeta(request: FastifyRequest): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request.headers)) if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice(11)] = v;
  return Object.keys(out).length ? out : null;
}
