// The S3 protocol endpoint (`/s3`, path-style): SigV4 authentication, dispatch by method and query
// string, S3 XML errors with real HTTP statuses. Registered in the raw-body scope.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { raise } from '../../../errors.ts';
import type { ServiceContext } from '../../context.ts';
import { emit } from '../../../storage/events.ts';
import { authenticateS3, type S3Caller } from './auth.ts';
import * as buckets from './bucket-ops.ts';
import * as mp from './multipart-ops.ts';
import * as objects from './object-ops.ts';
import { s3Request, type S3Request } from './s3-request.ts';
import { errorXml, toS3Error } from './xml.ts';

type Op = (c: S3Caller, r: S3Request, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function route(ctx: ServiceContext, method: string, r: S3Request): Op {
  const limit = ctx.config.tus.maxSize;
  const has = (k: string) => k in r.query;
  if (!r.bucket) {
    if (method === 'GET') return (c, rr, _q, reply) => buckets.listBuckets(c, rr, reply);
  } else if (!r.key) {
    if (method === 'HEAD') return (c, rr, _q, reply) => buckets.headBucket(c, rr, reply);
    if (method === 'PUT') return (c, rr, _q, reply) => buckets.createBucket(c, rr, reply);
    if (method === 'DELETE') return (c, rr, _q, reply) => buckets.deleteBucket(c, rr, reply);
    if (method === 'POST' && has('delete')) return (c, rr, q, reply) => objects.deleteObjects(c, rr, q, reply);
    if (method === 'GET' && has('location')) return (c, rr, _q, reply) => buckets.bucketLocation(c, rr, reply);
    if (method === 'GET' && has('uploads')) return (c, rr, _q, reply) => mp.listMultipartUploads(c, rr, reply, limit);
    if (method === 'GET') return (c, rr, _q, reply) => buckets.listObjects(c, rr, reply);
  } else {
    if (method === 'GET' && has('uploadId')) return (c, rr, _q, reply) => mp.listParts(c, rr, reply, limit);
    if (method === 'GET' || method === 'HEAD') return (c, rr, q, reply) => objects.getObject(c, rr, q, reply, method === 'HEAD');
    if (method === 'PUT' && has('uploadId')) return (c, rr, q, reply) => mp.uploadPart(c, rr, q, reply, limit);
    if (method === 'PUT') return (c, rr, q, reply) => objects.putObject(c, rr, q, reply, limit);
    if (method === 'POST' && has('uploads')) return (c, rr, q, reply) => mp.createMultipart(c, rr, q, reply, limit);
    if (method === 'POST' && has('uploadId')) return (c, rr, q, reply) => mp.completeMultipart(c, rr, q, reply, limit);
    if (method === 'DELETE' && has('uploadId')) return (c, rr, _q, reply) => mp.abortMultipart(c, rr, reply, limit);
    if (method === 'DELETE') return (c, rr, _q, reply) => objects.deleteObject(c, rr, reply);
  }
  return async () => { throw raise('NotImplemented', `${method} is not implemented for this resource`); };
}

export default async function s3Routes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  if (!ctx.config.s3Protocol.enabled) return;
  await app.register(async (scope) => {
    scope.setErrorHandler((err, request, reply) => {
      let e = toS3Error(err);
      if (!e) {
        const x = err as Error;
        emit(ctx.log, { event: 'storage_request_failed', method: request.method, route: 's3', error: { name: x?.name ?? 'Error', message: x?.message ?? String(err), stack: x?.stack } });
        e = { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
      }
      const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
      if (hasBody && !request.raw.readableEnded) reply.header('connection', 'close');
      const resource = (request.params as Record<string, string> | undefined)?.['*'] ?? '';
      reply.code(e.status);
      if (request.method === 'HEAD') return reply.send();
      return reply.type('application/xml').send(errorXml(e, `/${resource}`));
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const r = s3Request(request, ctx.project.ref, ctx.config.s3Protocol.region);
      const caller = await authenticateS3(ctx, request);
      return route(ctx, request.method, r)(caller, r, request, reply);
    };
    const methods = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] as const;
    scope.route({ method: [...methods], url: '/s3', handler, exposeHeadRoute: false });
    scope.route({ method: [...methods], url: '/s3/*', handler, exposeHeadRoute: false });
  });
}
