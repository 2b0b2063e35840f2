// Builtin storage tools. `storage_read` lists a bucket (prefix, limit, offset) and downloads text objects, as
// the caller: the object must be visible to the caller in storage.objects (RLS for a user's run; the service
// role may read every bucket except the internal `sources`), then its bytes come from the FileStore port.
// `storage_write` is not built yet and says so to the model.
import type { AiContext } from '../../context.ts';
import { SOURCES_BUCKET } from '../../files/layout.ts';
import { asCaller } from '../data-access.ts';
import { cut, ToolError, type AgentTool, type Caller } from '../types.ts';

const TEXT_CHARS = 50_000;

export function storageReadTool(ctx: AiContext, caller: Caller, timeoutMs: number): AgentTool {
  return {
    readOnly: true,
    capResult: true,
    spec: {
      name: 'storage_read',
      description: 'List files in a storage bucket, or download a text file.',
      parameters: {
        type: 'object',
        properties: {
          operation: { type: 'string', enum: ['list', 'download'] },
          bucket: { type: 'string' },
          path: { type: 'string', description: 'list: a prefix ("" for all); download: the object path' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
          offset: { type: 'integer', minimum: 0 },
        },
        required: ['operation', 'bucket'],
      },
    },
    async run(args) {
      const bucket = typeof args.bucket === 'string' ? args.bucket : '';
      if (!bucket) throw new ToolError('bucket is required');
      if (bucket === SOURCES_BUCKET && caller.kind === 'service') throw new ToolError(`The ${SOURCES_BUCKET} bucket is internal`);
      const path = typeof args.path === 'string' ? args.path : '';
      if (args.operation === 'list') {
        const limit = Number.isInteger(args.limit) ? Math.min(Math.max(args.limit as number, 1), 1000) : 100;
        const offset = Number.isInteger(args.offset) ? Math.max(args.offset as number, 0) : 0;
        const rows = await asCaller(ctx, caller, { schemas: ['storage'], timeoutMs, commit: false }, async (c) => (await c.query(
          `select name, metadata->>'size' as size, metadata->>'mimetype' as content_type, updated_at from storage.objects
            where bucket_id = $1 and name like $2 escape '\\' order by name limit $3 offset $4`,
          [bucket, `${path.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, limit, offset])).rows);
        return { result: { bucket, prefix: path, objects: rows } };
      }
      if (args.operation !== 'download') throw new ToolError('operation must be list or download');
      if (!path) throw new ToolError('path is required for download');
      const meta = await asCaller(ctx, caller, { schemas: ['storage'], timeoutMs, commit: false }, async (c) => (await c.query(
        `select metadata->>'mimetype' as content_type from storage.objects where bucket_id = $1 and name = $2`, [bucket, path])).rows[0]);
      if (!meta) throw new ToolError(`Object not found: ${bucket}/${path}`);
      const file = await ctx.files.get(bucket, path).catch(() => { throw new ToolError(`Object not found: ${bucket}/${path}`); });
      const chunks: Buffer[] = [];
      for await (const ch of file.body) chunks.push(Buffer.from(ch as Buffer));
      const buf = Buffer.concat(chunks);
      const type = meta.content_type ?? '';
      const binary = buf.includes(0) || (!!type && !/^text\/|json|xml|csv|javascript|yaml/.test(type));
      if (binary) return { result: { bucket, path, encoding: 'binary', size: buf.length, content_type: type, note: 'Binary file: content not returned' } };
      return { result: { bucket, path, content_type: type, content: cut(buf.toString('utf8'), TEXT_CHARS) } };
    },
  };
}

export function storageWriteTool(): AgentTool {
  return {
    readOnly: false,
    capResult: true,
    spec: {
      name: 'storage_write',
      description: 'Upload a UTF-8 text file to a storage bucket.',
      parameters: {
        type: 'object',
        properties: { bucket: { type: 'string' }, path: { type: 'string' }, content: { type: 'string' }, content_type: { type: 'string' } },
        required: ['bucket', 'path', 'content'],
      },
    },
    async run() { throw new ToolError('storage_write is not available in this version of Powabase'); },
  };
}
