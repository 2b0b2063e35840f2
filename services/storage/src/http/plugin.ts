// The storage API as one Fastify plugin (mounted by the gateway under /storage/v1): JSON routes in one
// scope, upload routes in a scope whose every body stays an unread stream, one error renderer for both.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { installErrorHandler } from './errors.ts';
import type { ServiceContext } from './context.ts';
import { bucketRoutes } from './routes/bucket/index.ts';
import { objectRoutes, objectUploadRoutes } from './routes/object/index.ts';

type RouteFn = (app: FastifyInstance, ctx: ServiceContext) => void | Promise<void>;

export interface PluginParts {
  /** Extra route groups (TUS, render, S3) registered by the service when enabled. */
  jsonRoutes?: RouteFn[];
  rawRoutes?: RouteFn[];
}

/** Bodies of upload routes are handed over unread and unlimited here; the uploader enforces the limits. */
function streamAllBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { bodyLimit: Number.MAX_SAFE_INTEGER }, (_req, payload, done) => done(null, payload));
}

export function storagePlugin(ctx: ServiceContext, parts: PluginParts = {}): FastifyPluginAsync {
  return async (app) => {
    installErrorHandler(app, ctx.log);
    for (const r of [...bucketRoutes, ...objectRoutes, ...(parts.jsonRoutes ?? [])]) await r(app, ctx);
    await app.register(async (raw) => {
      streamAllBodies(raw);
      for (const r of [...objectUploadRoutes, ...(parts.rawRoutes ?? [])]) await r(raw, ctx);
    });
  };
}
