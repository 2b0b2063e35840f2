// DELETE /bucket/:bucketId: deletes an empty bucket (ResourceNotEmpty while objects remain).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';

export default function deleteBucket(app: FastifyInstance, ctx: ServiceContext): void {
  app.delete('/bucket/:bucketId', async (request) => {
    const { bucketId } = request.params as { bucketId: string };
    await storageFor(ctx, request).deleteBucket(bucketId);
    return { message: 'Successfully deleted' };
  });
}
