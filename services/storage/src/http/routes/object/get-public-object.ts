// GET|HEAD /object/public/:bucketName/*: downloads from a public bucket with no credentials and no RLS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bucketParam, keyParam, serviceStorage, type ServiceContext } from '../../context.ts';
import { sendObject } from '../../send-object.ts';

export default function getPublicObject(app: FastifyInstance, ctx: ServiceContext): void {
  const handler = (headOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const objects = serviceStorage(ctx).from(bucketParam(request));
    const row = await objects.findPublicObject(keyParam(request));
    const { download } = request.query as { download?: string };
    return sendObject(request, reply, objects, row, { download, headOnly });
  };
  app.get('/object/public/:bucketName/*', { exposeHeadRoute: false }, handler(false));
  app.head('/object/public/:bucketName/*', handler(true));
}
