// GET /render/image/{authenticated|public|sign}/:bucketName/*: a transformed image. Authenticated runs as
// the caller (RLS SELECT), public needs a public bucket, sign takes the transformations from its token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bucketParam, keyParam, serviceStorage, storageFor, type ServiceContext } from '../../context.ts';
import { parseTransform, transformFromString, type TransformOptions } from '../../transform-query.ts';
import { transformImage } from '../../../storage/image-transformer.ts';
import type { ObjectStorage } from '../../../storage/object-storage.ts';
import type { DownloadTokenClaims } from '../../../storage/signer.ts';
import type { ObjectRow } from '../../../types.ts';

async function send(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply, objects: ObjectStorage, row: ObjectRow, t: TransformOptions) {
  const out = await transformImage(ctx.config.imageTransformation, objects, row, t, request.headers.accept);
  const { download } = request.query as { download?: string };
  reply.header('content-type', out.contentType);
  reply.header('cache-control', row.metadata?.cacheControl || 'no-cache');
  reply.header('x-transformations', out.applied);
  reply.header('content-length', String(out.body.length));
  reply.header('x-robots-tag', 'none');
  if (download !== undefined) reply.header('content-disposition', download ? `attachment; filename=${encodeURIComponent(download)}` : 'attachment;');
  return reply.send(out.body);
}

export default function renderImage(app: FastifyInstance, ctx: ServiceContext): void {
  const max = ctx.config.imageTransformation.maxDimension;
  app.get('/render/image/authenticated/:bucketName/*', async (request, reply) => {
    const t = parseTransform(request.query as Record<string, unknown>, max);
    const objects = storageFor(ctx, request).from(bucketParam(request));
    return send(ctx, request, reply, objects, await objects.findObject(keyParam(request)), t);
  });
  app.get('/render/image/public/:bucketName/*', async (request, reply) => {
    const t = parseTransform(request.query as Record<string, unknown>, max);
    const objects = serviceStorage(ctx).from(bucketParam(request));
    return send(ctx, request, reply, objects, await objects.findPublicObject(keyParam(request)), t);
  });
  app.get('/render/image/sign/:bucketName/*', async (request, reply) => {
    const { token } = request.query as { token?: string };
    const bucket = bucketParam(request);
    const key = keyParam(request);
    const claims = await ctx.signer.verify<DownloadTokenClaims>(token, `${bucket}/${key}`, 'download');
    const objects = serviceStorage(ctx).from(bucket);
    return send(ctx, request, reply, objects, await objects.findObject(key), transformFromString(claims.transformations));
  });
}
