// The Fastify side: one catch-all route under the gateway's /rest/v1 prefix that hands the raw request
// (path still percent-encoded, body as bytes whatever its Content-Type) to the handler and writes its reply.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RawRequest } from '../api-request/types.ts';
import { handleRequest, type RestContext } from '../handler.ts';

const ORIGINAL_TYPE = Symbol('content-type as sent');
type WithType = FastifyRequest & { [ORIGINAL_TYPE]?: string };
const MEDIA_TYPE = /^\s*[\w!#$&^.+-]+\/[\w!#$&^.+-]+\s*(;.*)?$/s;

function toRaw(request: FastifyRequest, prefix: string): RawRequest {
  const url = request.url;
  const q = url.indexOf('?');
  const full = q < 0 ? url : url.slice(0, q);
  return {
    method: request.method,
    path: full.startsWith(prefix) ? full.slice(prefix.length) : full,
    query: q < 0 ? '' : url.slice(q + 1),
    headers: (request as WithType)[ORIGINAL_TYPE] !== undefined
      ? { ...request.headers, 'content-type': (request as WithType)[ORIGINAL_TYPE] } as RawRequest['headers']
      : request.headers as RawRequest['headers'],
    body: request.body as Buffer | undefined,
  };
}

export function restPlugin(ctx: RestContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // Every body reaches the handler as bytes: the parser decides by Content-Type (JSON, CSV, forms, text).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // Fastify answers a malformed Content-Type with its own 415; PostgREST's answer (PGRST102) needs the body
    // parser to run, so such a header is hidden from Fastify and handed to the handler as sent.
    app.addHook('onRequest', async (request) => {
      const ct = request.headers['content-type'];
      if (ct !== undefined && !MEDIA_TYPE.test(ct)) {
        (request as WithType)[ORIGINAL_TYPE] = ct;
        request.raw.headers['content-type'] = 'application/octet-stream';
      }
    });
    const prefix = app.prefix;
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const auth = request.auth ?? { role: ctx.config.anonRole ?? 'anon', claims: {} };
      const res = await handleRequest(ctx, toRaw(request, prefix), {
        role: auth.role, claims: auth.claims, jwtError: request.authError ?? null,
      });
      reply.code(res.status).headers(res.headers);
      return reply.send(res.body ?? undefined);
    };
    app.all('/', handler);
    app.all('/*', handler);
    // Verbs Fastify has no route for (PROPFIND, …) still get PostgREST's PGRST117.
    app.setNotFoundHandler(handler);
  };
}
