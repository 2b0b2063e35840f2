// POST /object/upload/sign/:bucketName/*: checks now that the caller may upload (or upsert), returns `{url, token}`.
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';
import { isUpsert } from '../../upload-body.ts';

export default function getSignedUploadUrl(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/upload/sign/:bucketName/*', async (request) => {
    const storage = storageFor(ctx, request);
    return storage.from(bucketParam(request)).signUploadUrl(keyParam(request), isUpsert(request), storage.db.caller?.sub);
  });
}
