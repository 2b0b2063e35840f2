// Body handling: JSON (application/json, application/*+json) is parsed, an empty JSON body is no body
// (postgrest-js sends Content-Type: application/json on bodiless DELETEs); everything else reaches the
// service as an unread stream, so uploads are never buffered here.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { gatewayErrors } from './errors.ts';

type Done = (err: Error | null, body?: unknown) => void;

function tooLarge(): Error {
  const e = gatewayErrors.raise('body_too_large') as Error & { statusCode?: number };
  e.statusCode = 413;
  return Object.assign(e, { code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
}

async function* limitBytes(source: Readable, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  // destroyOnReturn false: stopping at the limit must not destroy the request (and its socket) before the 413 is sent.
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > limit) throw tooLarge();
    yield chunk;
  }
}

/**
 * Hands the body over unread. A declared Content-Length over the route's limit is refused up front; a
 * chunked body is counted lazily as the service reads it (nothing is read if the service never asks).
 */
export function streamBody(request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done): void {
  const limit = request.routeOptions.bodyLimit ?? Infinity;
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limit) return done(tooLarge());
    return done(null, payload); // node's parser enforces the declared length
  }
  done(null, Readable.from(limitBytes(payload as Readable, limit), { objectMode: false }));
}

export function installBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  const parseJson = (request: FastifyRequest, body: string | Buffer, done: Done): void => {
    if (body.length === 0) return done(null, undefined);
    json(request, body as string, done);
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json(\s*;.*)?$/i, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('*', streamBody);
}
