// Writes an object as an HTTP response: stored headers, conditional requests (304), Range (206/416),
// `download` disposition, HEAD without a body. The body is streamed from the backend.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { raise } from '../errors.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import type { ObjectRow } from '../types.ts';
import { parseRange } from './range.ts';

function disposition(download: string | undefined): string | undefined {
  if (download === undefined) return undefined;
  if (download === '') return 'attachment;';
  const enc = encodeURIComponent(download);
  return `attachment; filename=${enc}; filename*=UTF-8''${enc}`;
}

function notModified(request: FastifyRequest, etag: string, lastModified: string): boolean {
  const inm = request.headers['if-none-match'];
  if (inm) return inm.split(',').map((s) => s.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
  const ims = request.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    const mod = Date.parse(lastModified);
    return !Number.isNaN(since) && !Number.isNaN(mod) && Math.floor(mod / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

export interface SendOptions { download?: string; headOnly?: boolean; extraHeaders?: Record<string, string> }

export async function sendObject(request: FastifyRequest, reply: FastifyReply, objects: ObjectStorage, row: ObjectRow, o: SendOptions = {}): Promise<FastifyReply> {
  const meta = row.metadata;
  if (!meta) throw raise('NoSuchKey');
  const size = Number(meta.size ?? 0);
  const lastModified = meta.lastModified ? new Date(meta.lastModified).toUTCString() : new Date(row.updated_at).toUTCString();
  reply.header('content-type', meta.mimetype || 'application/octet-stream');
  reply.header('cache-control', meta.cacheControl || 'no-cache');
  reply.header('etag', meta.eTag);
  reply.header('last-modified', lastModified);
  reply.header('accept-ranges', 'bytes');
  reply.header('x-robots-tag', 'none');
  if (meta.contentEncoding) reply.header('content-encoding', meta.contentEncoding);
  const disp = disposition(o.download);
  if (disp) reply.header('content-disposition', disp);
  for (const [k, v] of Object.entries(o.extraHeaders ?? {})) reply.header(k, v);

  if (notModified(request, meta.eTag, lastModified)) return reply.code(304).send();
  const range = parseRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw raise('InvalidRange');
  }
  if (o.headOnly) {
    reply.header('content-length', String(size));
    return reply.code(200).send();
  }
  const r = range.kind === 'range' ? range.range : undefined;
  const res = await objects.read(row, r, undefined);
  if (r) {
    reply.code(206);
    reply.header('content-range', `bytes ${r.start}-${r.end}/${res.size}`);
    reply.header('content-length', String(r.end - r.start + 1));
  } else {
    reply.code(200);
    reply.header('content-length', String(res.size));
  }
  return reply.send(res.body);
}
