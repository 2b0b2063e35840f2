// The gateway's fallback error handler and 404: every error is JSON `{message}`, never a stack.
// Services with their own error handler (their wire format) take precedence inside their prefix.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@powabase/core';
import { renderGatewayError, toRenderedError } from './errors.ts';
import { emit } from './request-log.ts';
import { prefixOf } from './service-table.ts';

export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err, request, reply) => {
    const r = toRenderedError(err);
    if (r.status >= 500) {
      const e = err as Error;
      emit(log, {
        event: 'request_failed', method: request.method, prefix: prefixOf(request.routeOptions.url), status: r.status,
        error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack },
      });
    }
    // The rest of an oversized body is never read, so this connection cannot carry another request.
    if (r.status === 413) reply.header('connection', 'close');
    return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
  });
  app.setNotFoundHandler((_request, reply) => {
    const r = renderGatewayError('no_route');
    return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
  });
}
