// GET|HEAD /object/sign/:bucketName/*?token=: downloads with a signed URL (no credentials, no RLS).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bucketParam, keyParam, serviceStorage, type ServiceContext } from '../../context.ts';
import { sendObject } from '../../send-object.ts';

export default function getSignedObject(app: FastifyInstance, ctx: ServiceContext): void {
  const handler = (headOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { token, download } = request.query as { token?: string; download?: string };
    const bucket = bucketParam(request);
    const key = keyParam(request);
    await ctx.signer.verify(token, `${bucket}/${key}`, 'download');
    const objects = serviceStorage(ctx).from(bucket);
    const row = await objects.findObject(key);
    return sendObject(request, reply, objects, row, { download, headOnly });
  };
  app.get('/object/sign/:bucketName/*', { exposeHeadRoute: false }, handler(false));
  app.head('/object/sign/:bucketName/*', handler(true));
}
