// PUT /object/upload/sign/:bucketName/*?token=: uploads with a signed upload token (no credentials, no RLS;
// owner and upsert come from the token).
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, serviceStorage, type ServiceContext } from '../../context.ts';
import type { UploadTokenClaims } from '../../../storage/signer.ts';
import { runUpload } from '../../upload.ts';

export default function uploadSignedObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.put('/object/upload/sign/:bucketName/*', async (request) => {
    const { token } = request.query as { token?: string };
    const bucketId = bucketParam(request);
    const name = keyParam(request);
    const claims = await ctx.signer.verify<UploadTokenClaims>(token, `${bucketId}/${name}`, 'upload');
    const r = await runUpload(serviceStorage(ctx), request, {
      bucketId, name, upsert: claims.upsert === true, owner: claims.owner, operation: 'storage.object.upload_signed',
    });
    return { Key: `${r.bucketId}/${r.name}` };
  });
}
