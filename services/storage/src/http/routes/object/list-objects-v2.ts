// POST /object/list-v2/:bucketName: cursor pages of objects (and folders with `with_delimiter`), RLS SELECT.
import type { FastifyInstance } from 'fastify';
import { bucketParam, storageFor, type ServiceContext } from '../../context.ts';
import { raise } from '../../../errors.ts';

const body = {
  type: 'object',
  properties: {
    prefix: { type: 'string' },
    limit: { type: 'integer', minimum: 1 },
    cursor: { type: 'string' },
    with_delimiter: { type: 'boolean' },
    sortBy: {
      type: 'object',
      properties: { column: { type: 'string', enum: ['name', 'updated_at', 'created_at'] }, order: { type: 'string', enum: ['asc', 'desc'] } },
      required: ['column'],
    },
  },
} as const;

interface Body { prefix?: string; limit?: number; cursor?: string; with_delimiter?: boolean; sortBy?: { column: 'name' | 'updated_at' | 'created_at'; order?: 'asc' | 'desc' } }
interface Cursor { k: string; v?: string; c: string; o: string }

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof c?.k === 'string') return c;
  } catch { /* fall through */ }
  throw raise('InvalidParameter', 'Invalid Parameter cursor');
}

export default function listObjectsV2(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/list-v2/:bucketName', { schema: { body } }, async (request) => {
    const b = (request.body ?? {}) as Body;
    const cursor = b.cursor ? decode(b.cursor) : undefined;
    const sortColumn = (cursor?.c ?? b.sortBy?.column ?? 'name') as 'name' | 'updated_at' | 'created_at';
    const sortOrder = (cursor?.o ?? b.sortBy?.order ?? 'asc') as 'asc' | 'desc';
    const limit = Math.min(b.limit ?? 1000, 1000);
    const delimiter = b.with_delimiter === true;
    const rows = await storageFor(ctx, request).from(bucketParam(request)).listV2({
      prefix: b.prefix ?? '', delimiter, limit, sortColumn, sortOrder, after: cursor ? { key: cursor.k, value: cursor.v } : undefined,
    });
    const hasNext = rows.length > limit;
    const page = rows.slice(0, limit);
    const folders = page.filter((r) => r.is_folder).map((r) => ({ name: r.name, key: r.name }));
    const objects = page.filter((r) => !r.is_folder).map(({ is_folder: _f, ...r }) => ({ ...r, key: r.name }));
    const last = page[page.length - 1];
    const nextCursor = hasNext && last
      ? encode({ k: last.name, c: sortColumn, o: sortOrder, ...(sortColumn !== 'name' && !delimiter ? { v: (last as unknown as Record<string, string>)[sortColumn] } : {}) })
      : undefined;
    return { hasNext, folders, objects, ...(nextCursor ? { nextCursor } : {}) };
  });
}
