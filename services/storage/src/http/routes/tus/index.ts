// Routes of /upload/resumable (and /upload/resumable/sign): Fastify checks the caller, then hands the raw
// request to the tus server (hijacked reply). Upload ids are checked to be our own 32-hex names first.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { raise } from '../../../errors.ts';
import { callerOf, serviceStorage, storageFor, type ServiceContext } from '../../context.ts';
import { isUpsert } from '../../upload-body.ts';
import { createTusServers, UPLOAD_ID, type TusRequestContext } from './tus-server.ts';

export default function tusRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  if (!ctx.config.tus.enabled) return;
  const prefix = app.prefix.replace(/\/$/, '');
  const servers = createTusServers(ctx, prefix);

  const handle = (signed: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const id = (request.params as { id?: string }).id;
    if (id !== undefined && !UPLOAD_ID.test(id)) throw raise('NoSuchUpload');
    let c: TusRequestContext;
    if (signed) {
      const sig = request.headers['x-signature'];
      c = { storage: serviceStorage(ctx), callerKey: null, upsert: false, signature: typeof sig === 'string' ? sig : '' };
    } else {
      const caller = callerOf(request);
      c = { storage: storageFor(ctx, request), callerKey: caller.sub ?? `role:${caller.role}`, upsert: isUpsert(request) };
    }
    reply.hijack();
    await servers.run(c, () => (signed ? servers.signed : servers.authenticated).handle(request.raw, reply.raw));
  };

  const methods = ['POST', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS', 'GET'] as const;
  app.route({ method: ['POST', 'OPTIONS'], url: '/upload/resumable', handler: handle(false) });
  app.route({ method: ['POST', 'OPTIONS'], url: '/upload/resumable/sign', handler: handle(true) });
  app.route({ method: [...methods], url: '/upload/resumable/sign/:id', handler: handle(true), exposeHeadRoute: false });
  app.route({ method: [...methods], url: '/upload/resumable/:id', handler: handle(false), exposeHeadRoute: false });
}
