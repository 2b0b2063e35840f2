// Builtin storage tools, run as the caller through the project's Storage API (../storage-client.ts):
// `storage_read` lists a folder of a bucket or downloads an object (text → its content, cut at 40,000
// characters; binary → a signed URL valid one hour); `storage_write` uploads UTF-8 text (≤ 1 MiB).
// A service-role run may use every bucket except the AI service's internal `sources`.
import type { AiContext } from '../../context.ts';
import { SOURCES_BUCKET } from '../../files/layout.ts';
import { storageClient, type StorageClient } from '../storage-client.ts';
import { checkBucket, normalisePath } from '../storage-path.ts';
import { ToolError, type AgentTool, type Caller } from '../types.ts';

/** Leaves room for the result's JSON under the loop's 50,000-character cap on a tool result. */
export const READ_TEXT_CHARS = 40_000;
/** Enough bytes for READ_TEXT_CHARS characters of any UTF-8 text. */
export const READ_BYTES = READ_TEXT_CHARS * 4;
export const WRITE_BYTES = 1024 * 1024;
export const SIGNED_URL_SECONDS = 3600;

const TEXT_TYPE = /^text\/|[/+](json|xml|csv|javascript|x-yaml|yaml|markdown|x-sh|sql|toml)\b/i;
const UNKNOWN_TYPE = /^(application\/octet-stream|binary\/octet-stream)?$/i;

function bucketFor(args: Record<string, unknown>, caller: Caller): string {
  const bucket = checkBucket(args.bucket);
  if (bucket === SOURCES_BUCKET && caller.kind === 'service') throw new ToolError(`The ${SOURCES_BUCKET} bucket is internal`);
  return bucket;
}

/** UTF-8 text, or null for binary bytes (a NUL byte or invalid UTF-8; a cut trailing character is fine when `partial`). */
function asText(buf: Buffer, partial: boolean): string | null {
  if (buf.includes(0)) return null;
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: partial }); } catch { return null; }
}

async function download(files: StorageClient, bucket: string, path: string) {
  const info = await files.info(bucket, path);
  const type = info.content_type ?? '';
  const size = typeof info.size === 'number' ? info.size : null;
  const binary = async () => ({
    bucket, path, encoding: 'binary', content_type: type, size,
    signed_url: await files.sign(bucket, path, SIGNED_URL_SECONDS), expires_in: SIGNED_URL_SECONDS,
  });
  if (!TEXT_TYPE.test(type) && !UNKNOWN_TYPE.test(type)) return binary();
  const buf = await files.download(bucket, path, READ_BYTES, size);
  const partial = size === null ? buf.length >= READ_BYTES : size > buf.length;
  const text = asText(buf, partial);
  if (text === null) return binary();
  const truncated = partial || text.length > READ_TEXT_CHARS;
  return { bucket, path, content_type: type, size, content: text.slice(0, READ_TEXT_CHARS), ...(truncated ? { truncated: true } : {}) };
}

export function storageReadTool(ctx: AiContext, caller: Caller): AgentTool {
  return {
    readOnly: true,
    capResult: true,
    spec: {
      name: 'storage_read',
      description: 'List files in a storage bucket folder, or download a file (text content; binary files give a signed URL).',
      parameters: {
        type: 'object',
        properties: {
          operation: { type: 'string', enum: ['list', 'download'] },
          bucket: { type: 'string' },
          path: { type: 'string', description: 'list: a folder ("" for the bucket root); download: the object path' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'list only (default 100)' },
          offset: { type: 'integer', minimum: 0, description: 'list only' },
        },
        required: ['operation', 'bucket'],
      },
    },
    async run(args, signal) {
      const bucket = bucketFor(args, caller);
      const files = storageClient(ctx, caller, signal);
      if (args.operation === 'download') return { result: await download(files, bucket, normalisePath(args.path, { allowEmpty: false })) };
      if (args.operation !== 'list') throw new ToolError('operation must be list or download');
      const prefix = normalisePath(args.path, { allowEmpty: true });
      const limit = Number.isInteger(args.limit) ? Math.min(Math.max(args.limit as number, 1), 1000) : 100;
      const offset = Number.isInteger(args.offset) ? Math.max(args.offset as number, 0) : 0;
      const rows = await files.list(bucket, prefix, limit, offset);
      const entries = rows.map((r) => r.id === null
        ? { name: r.name, type: 'folder' }
        : { name: r.name, type: 'file', size: r.metadata?.size ?? null, content_type: r.metadata?.mimetype ?? null, updated_at: r.updated_at });
      return { result: { bucket, prefix, entries } };
    },
  };
}

export function storageWriteTool(ctx: AiContext, caller: Caller): AgentTool {
  return {
    readOnly: false,
    capResult: true,
    spec: {
      name: 'storage_write',
      description: 'Upload a UTF-8 text file (at most 1 MiB) to a storage bucket.',
      parameters: {
        type: 'object',
        properties: {
          bucket: { type: 'string' },
          path: { type: 'string', description: 'The object path, e.g. "reports/summary.md"' },
          content: { type: 'string' },
          content_type: { type: 'string', description: 'Default text/plain' },
          upsert: { type: 'boolean', description: 'Replace an existing file (default false)' },
        },
        required: ['bucket', 'path', 'content'],
      },
    },
    async run(args, signal) {
      const bucket = bucketFor(args, caller);
      const path = normalisePath(args.path, { allowEmpty: false });
      if (typeof args.content !== 'string') throw new ToolError('content must be a string');
      const contentType = args.content_type === undefined ? 'text/plain' : args.content_type;
      if (typeof contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(contentType)) throw new ToolError('content_type must be a MIME type such as text/plain');
      const body = Buffer.from(args.content, 'utf8');
      if (body.length > WRITE_BYTES) throw new ToolError(`content is ${body.length} bytes; storage_write takes at most ${WRITE_BYTES} bytes`);
      await storageClient(ctx, caller, signal).upload(bucket, path, body, { contentType, upsert: args.upsert === true });
      return { result: { bucket, path, size: body.length, content_type: contentType } };
    },
  };
}
