// PUT /bucket/:bucketId: changes public / file_size_limit / allowed_mime_types (needs UPDATE on storage.buckets).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';
import type { BucketInput } from '../../../storage/storage.ts';

const body = {
  type: 'object',
  properties: {
    public: { type: 'boolean' },
    file_size_limit: { anyOf: [{ type: 'null' }, { type: 'integer' }, { type: 'string' }] },
    allowed_mime_types: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
  },
  anyOf: [{ required: ['public'] }, { required: ['file_size_limit'] }, { required: ['allowed_mime_types'] }],
} as const;

export default function updateBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.put('/bucket/:bucketId', { schema: { body } }, async (request) => {
    const { bucketId } = request.params as { bucketId: string };
    await storageFor(ctx, request).updateBucket(bucketId, request.body as BucketInput);
    return { message: 'Successfully updated' };
  });
}
