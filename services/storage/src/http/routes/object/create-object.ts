// POST /object/:bucketName/*: uploads an object (`x-upsert: true` replaces an existing one) → `{Id, Key}`.
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';
import { runUpload } from '../../upload.ts';
import { isUpsert } from '../../upload-body.ts';

export default function createObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/:bucketName/*', async (request) => {
    const storage = storageFor(ctx, request);
    const r = await runUpload(storage, request, {
      bucketId: bucketParam(request), name: keyParam(request), upsert: isUpsert(request), owner: storage.db.caller?.sub,
    });
    return { Id: r.id, Key: `${r.bucketId}/${r.name}` };
  });
}
