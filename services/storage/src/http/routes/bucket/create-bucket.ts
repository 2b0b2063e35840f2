// POST /bucket: creates a bucket (needs INSERT on storage.buckets); answers `{name}`.
// Nullable fields use a type union, not anyOf: Fastify's Ajv coerces, and an anyOf branch tried first would turn null into 0.
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';
import type { BucketInput } from '../../../storage/storage.ts';

const body = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    public: { type: 'boolean' },
    file_size_limit: { type: ['null', 'integer', 'string'] },
    allowed_mime_types: { type: ['null', 'array'], items: { type: 'string' } },
    type: { type: 'string' },
  },
  required: ['name'],
} as const;

export default function createBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/bucket', { schema: { body } }, async (request) => storageFor(ctx, request).createBucket(request.body as BucketInput));
}
