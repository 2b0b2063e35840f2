// Reads an upload's body the two ways storage-js sends it: a multipart form (first file part; fields
// `cacheControl`, `contentType`, `metadata`/`userMetadata` before it) or a raw body described by headers.
// Never buffers the file: the part's stream is handed on as soon as it starts.
import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { raise } from '../errors.ts';
import { MAX_METADATA_BYTES } from '../limits.ts';
import type { UploadSource } from '../storage/uploader.ts';

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJsonObject(s: string | undefined): Record<string, unknown> | null {
  if (!s) return null;
  try {
    const v = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The request body as a stream (an empty one when there is none). */
export function rawBody(request: FastifyRequest): Readable {
  const b = request.body as unknown;
  if (b instanceof Readable) return b;
  if (b === undefined || b === null) return Readable.from([]);
  if (Buffer.isBuffer(b) || typeof b === 'string') return Readable.from([Buffer.from(b)]);
  return Readable.from([Buffer.from(JSON.stringify(b))]);
}

export function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data/i.test(header(request, 'content-type') ?? '');
}

/** Content-Length of a raw body (multipart lengths include the form's framing, so they are not used). */
export function declaredLength(request: FastifyRequest): number | undefined {
  if (isMultipart(request)) return undefined;
  const v = header(request, 'content-length');
  return v === undefined ? undefined : Number(v);
}

function fromRaw(request: FastifyRequest): UploadSource {
  const meta = header(request, 'x-metadata');
  let userMetadata: Record<string, unknown> | null = null;
  if (meta) {
    if (meta.length > MAX_METADATA_BYTES * 2) throw raise('EntityTooLarge', 'The user metadata exceeded the maximum allowed size');
    userMetadata = parseJsonObject(Buffer.from(meta, 'base64').toString('utf8'));
  }
  return {
    body: rawBody(request),
    mimetype: header(request, 'content-type') || 'application/octet-stream',
    cacheControl: header(request, 'cache-control') || 'no-cache',
    contentEncoding: header(request, 'content-encoding'),
    userMetadata,
  };
}

function fromMultipart(request: FastifyRequest): Promise<UploadSource> {
  const source = rawBody(request);
  return new Promise<UploadSource>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: request.headers, limits: { files: 1, fields: 32, fieldSize: MAX_METADATA_BYTES } });
    } catch (e) {
      return reject(raise('InvalidRequest', (e as Error).message));
    }
    const fields: Record<string, string> = {};
    let file: Readable | null = null;
    const fail = (e: Error) => {
      if (file) file.destroy(e);
      else reject(raise('InvalidRequest', e.message));
    };
    bb.on('field', (name, value) => { fields[name] = value; });
    bb.on('file', (_name, stream, info) => {
      if (file) { stream.resume(); return; }
      file = stream;
      const cc = fields.cacheControl;
      resolve({
        body: stream,
        mimetype: fields.contentType || info.mimeType || 'application/octet-stream',
        cacheControl: cc ? (/^\d+$/.test(cc) ? `max-age=${cc}` : cc) : 'no-cache',
        contentEncoding: fields.contentEncoding,
        userMetadata: parseJsonObject(fields.metadata ?? fields.userMetadata),
      });
    });
    bb.on('error', (e: Error) => fail(e));
    bb.on('close', () => { if (!file) reject(raise('InvalidRequest', 'No content provided')); });
    source.on('error', (e) => { fail(e); bb.destroy(e); });
    source.on('close', () => {
      if (!source.readableEnded) { const e = new Error('upload stream closed before it ended'); fail(e); bb.destroy(e); }
    });
    source.pipe(bb);
  });
}

export async function uploadSourceFrom(request: FastifyRequest): Promise<UploadSource> {
  return isMultipart(request) ? fromMultipart(request) : fromRaw(request);
}

export function isUpsert(request: FastifyRequest): boolean {
  return (header(request, 'x-upsert') ?? '').toLowerCase() === 'true';
}
