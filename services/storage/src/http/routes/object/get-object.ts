// GET|HEAD /object/:bucketName/* and /object/authenticated/:bucketName/*: downloads as the caller (RLS SELECT).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';
import { sendObject } from '../../send-object.ts';

export default function getObject(app: FastifyInstance, ctx: ServiceContext): void {
  const handler = (headOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const objects = storageFor(ctx, request).from(bucketParam(request));
    const row = await objects.findObject(keyParam(request));
    const { download } = request.query as { download?: string };
    return sendObject(request, reply, objects, row, { download, headOnly });
  };
  for (const url of ['/object/:bucketName/*', '/object/authenticated/:bucketName/*']) {
    app.get(url, { exposeHeadRoute: false }, handler(false));
    app.head(url, handler(true));
  }
}
