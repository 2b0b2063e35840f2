// POST /bucket/:bucketId/empty: deletes every object the caller may delete, with its file, before answering.
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';

export default function emptyBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/bucket/:bucketId/empty', async (request) => {
    const { bucketId } = request.params as { bucketId: string };
    await storageFor(ctx, request).emptyBucket(bucketId);
    return { message: 'Successfully emptied' };
  });
}
