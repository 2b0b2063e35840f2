// POST /bucket: creates a bucket (needs INSERT on storage.buckets); answers `{name}`.
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';
import type { BucketInput } from '../../../storage/storage.ts';

const body = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    public: { type: 'boolean' },
    file_size_limit: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] },
    allowed_mime_types: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    type: { type: 'string' },
  },
  required: ['name'],
} as const;

export default function createBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/bucket', { schema: { body } }, async (request) => storageFor(ctx, request).createBucket(request.body as BucketInput));
}
