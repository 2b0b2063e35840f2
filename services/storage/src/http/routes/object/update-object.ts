// PUT /object/:bucketName/*: replaces an object's bytes (upsert semantics: INSERT + SELECT + UPDATE policies).
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';
import { runUpload } from '../../upload.ts';

export default function updateObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.put('/object/:bucketName/*', async (request) => {
    const storage = storageFor(ctx, request);
    const r = await runUpload(storage, request, {
      bucketId: bucketParam(request), name: keyParam(request), upsert: true, owner: storage.db.caller?.sub,
      operation: 'storage.object.update',
    });
    return { Id: r.id, Key: `${r.bucketId}/${r.name}` };
  });
}
