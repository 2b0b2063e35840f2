// DELETE /object/:bucketName/*: deletes one object (NoSuchKey when the caller cannot delete it).
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';

export default function deleteObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.delete('/object/:bucketName/*', async (request) => {
    await storageFor(ctx, request).from(bucketParam(request)).removeOne(keyParam(request));
    return { message: 'Successfully deleted' };
  });
}
