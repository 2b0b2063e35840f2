// GET /bucket: the buckets the caller may see (RLS SELECT on storage.buckets).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';

const querystring = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1 },
    offset: { type: 'integer', minimum: 0 },
    search: { type: 'string' },
    sortColumn: { type: 'string', enum: ['id', 'name', 'created_at', 'updated_at'] },
    sortOrder: { type: 'string', enum: ['asc', 'desc'] },
  },
} as const;

export default function listBuckets(app: FastifyInstance, ctx: ServiceContext): void {
  app.get('/bucket', { schema: { querystring } }, async (request) => {
    const q = request.query as { limit?: number; offset?: number; search?: string; sortColumn?: 'id' | 'name' | 'created_at' | 'updated_at'; sortOrder?: 'asc' | 'desc' };
    return storageFor(ctx, request).listBuckets(q);
  });
}
