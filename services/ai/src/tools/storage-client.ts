// The storage tools' way into Storage: the project's own `/storage/v1` API (at the Project URL, i.e. the
// project's gateway on loopback), called AS THE RUN'S CALLER, so the storage service applies its RLS policies,
// bucket limits and MIME rules exactly as for a supabase-js client. A user's run presents the user's own
// token (as verified when the run started); a service-role run presents the service role key.
// Storage's JSON errors become ToolErrors the model can read.
import type { AiContext } from '../context.ts';
import { encodeObject } from './storage-path.ts';
import { ToolError, type Caller } from './types.ts';

export interface ListEntry { name: string; id: string | null; updated_at: string | null; metadata: Record<string, unknown> | null }
export interface ObjectInfo { name: string; size: number | null; content_type: string | null; last_modified: string | null }

export interface StorageClient {
  list(bucket: string, prefix: string, limit: number, offset: number): Promise<ListEntry[]>;
  info(bucket: string, path: string): Promise<ObjectInfo>;
  /** The first `maxBytes` bytes of an object (all of it when smaller). */
  download(bucket: string, path: string, maxBytes: number, size: number | null): Promise<Buffer>;
  /** An absolute signed download URL, valid `expiresIn` seconds. */
  sign(bucket: string, path: string, expiresIn: number): Promise<string>;
  upload(bucket: string, path: string, body: Buffer, o: { contentType: string; upsert: boolean }): Promise<void>;
}

/** The keys presented for the caller: the user's own bearer token, or the service role key. */
function credentials(ctx: AiContext, caller: Caller): { apikey: string; token: string } {
  const { project } = ctx;
  if (caller.kind === 'service') return { apikey: project.serviceRoleKey, token: project.serviceRoleKey };
  if (!caller.token) throw new ToolError("Storage tools need the caller's token, and this run has none");
  return { apikey: project.anonKey, token: caller.token };
}

async function failure(res: Response, what: string): Promise<ToolError> {
  const text = await res.text().catch(() => '');
  let body: { statusCode?: string; error?: string; message?: string } = {};
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  const status = body.statusCode ?? String(res.status);
  if (status === '404') return new ToolError(`${what}: not found (${body.message ?? 'Object not found'})`);
  if (status === '403' || status === '401') return new ToolError(`${what}: refused by storage access rules (${body.message ?? res.statusText})`);
  return new ToolError(`${what}: storage answered ${status} (${body.message ?? text.slice(0, 300)})`);
}

/** Reads a response body up to `max` bytes, then cancels the rest. */
async function readAtMost(res: Response, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  while (n < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    n += value.byteLength;
  }
  if (n >= max) await reader.cancel().catch(() => {});
  const buf = Buffer.concat(chunks);
  return buf.length > max ? buf.subarray(0, max) : buf;
}

export function storageClient(ctx: AiContext, caller: Caller, signal: AbortSignal): StorageClient {
  const base = `${ctx.project.url.replace(/\/+$/, '')}/storage/v1`;
  const call = async (method: string, path: string, what: string, init: { json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}) => {
    const { apikey, token } = credentials(ctx, caller);
    const headers: Record<string, string> = { apikey, authorization: `Bearer ${token}`, ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method, headers, signal, body: init.json !== undefined ? JSON.stringify(init.json) : init.body && new Uint8Array(init.body),
    }).catch((e) => { throw signal.aborted ? e : new ToolError(`${what}: storage is unreachable (${(e as Error).message})`); });
    if (!res.ok) throw await failure(res, what);
    return res;
  };
  return {
    async list(bucket, prefix, limit, offset) {
      const res = await call('POST', `/object/list/${encodeURIComponent(bucket)}`, `List ${bucket}/${prefix}`,
        { json: { prefix, limit, offset, sortBy: { column: 'name', order: 'asc' } } });
      return await res.json() as ListEntry[];
    },
    async info(bucket, path) {
      const res = await call('GET', `/object/info/authenticated/${encodeObject(bucket, path)}`, `Read ${bucket}/${path}`);
      return await res.json() as ObjectInfo;
    },
    async download(bucket, path, maxBytes, size) {
      const range = size !== null && size > maxBytes ? { headers: { range: `bytes=0-${maxBytes - 1}` } } : {};
      const res = await call('GET', `/object/authenticated/${encodeObject(bucket, path)}`, `Read ${bucket}/${path}`, range);
      return readAtMost(res, maxBytes);
    },
    async sign(bucket, path, expiresIn) {
      const res = await call('POST', `/object/sign/${encodeObject(bucket, path)}`, `Sign ${bucket}/${path}`, { json: { expiresIn } });
      const { signedURL } = await res.json() as { signedURL: string };
      return `${base}${signedURL}`;
    },
    async upload(bucket, path, body, o) {
      await call('POST', `/object/${encodeObject(bucket, path)}`, `Write ${bucket}/${path}`,
        { body, headers: { 'content-type': o.contentType, ...(o.upsert ? { 'x-upsert': 'true' } : {}) } });
    },
  };
}
