// POST /bucket: creates a bucket (needs INSERT on storage.buckets); answers `{name}`.
// Nullable fields try `null` first: Fastify's Ajv coerces, and an integer branch tried first turns null into 0 (0 and "" read as no limit).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';
import type { BucketInput } from '../../../storage/storage.ts';

const body = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    public: { type: 'boolean' },
    file_size_limit: { anyOf: [{ type: 'null' }, { type: 'integer' }, { type: 'string' }] },
    allowed_mime_types: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
    type: { type: 'string' },
  },
  required: ['name'],
} as const;

export default function createBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/bucket', { schema: { body } }, async (request) => storageFor(ctx, request).createBucket(request.body as BucketInput));
}
