// GET /bucket/:bucketId: one bucket, if the caller may see it.
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';

export default function getBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.get('/bucket/:bucketId', async (request) => {
    const { bucketId } = request.params as { bucketId: string };
    return storageFor(ctx, request).getBucket(bucketId);
  });
}
