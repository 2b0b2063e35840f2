// POST /object/list/:bucketName: one folder level under `prefix` (folders first, id null), RLS SELECT.
import type { FastifyInstance } from 'fastify';
import { bucketParam, storageFor, type ServiceContext } from '../../context.ts';

const body = {
  type: 'object',
  properties: {
    prefix: { type: 'string' },
    limit: { type: 'integer', minimum: 1 },
    offset: { type: 'integer', minimum: 0 },
    search: { type: 'string' },
    sortBy: {
      type: 'object',
      properties: {
        column: { type: 'string', enum: ['name', 'updated_at', 'created_at', 'last_accessed_at'] },
        order: { type: 'string', enum: ['asc', 'desc'] },
      },
      required: ['column'],
    },
  },
  required: ['prefix'],
} as const;

interface Body { prefix: string; limit?: number; offset?: number; search?: string; sortBy?: { column: string; order?: string } }

export default function listObjects(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/list/:bucketName', { schema: { body } }, async (request) => {
    const b = request.body as Body;
    let prefix = b.prefix;
    if (prefix.length > 0 && !prefix.endsWith('/')) prefix += '/';
    return storageFor(ctx, request).from(bucketParam(request)).search({
      prefix, limit: Math.min(b.limit ?? 100, 1500), offset: b.offset ?? 0, search: b.search ?? '',
      sortColumn: b.sortBy?.column ?? 'name', sortOrder: b.sortBy?.order ?? 'asc',
    });
  });
}
