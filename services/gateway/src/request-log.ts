// The gateway's typed log events. Only method, prefix, status and timing: never headers, URLs or keys.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@powabase/core';
import { prefixOf } from './service-table.ts';

export type GatewayEvent =
  | { event: 'request_done'; method: string; prefix: string; status: number; ms: number }
  | { event: 'request_failed'; method: string; prefix: string; status: number; error: { name: string; message: string; stack?: string } };

export function emit(log: Logger, e: GatewayEvent): void {
  if (e.event === 'request_failed') log.error(e, e.event);
  else log.info(e, e.event);
}

export function installRequestLog(app: FastifyInstance, log: Logger): void {
  app.addHook('onResponse', (request, reply, done) => {
    emit(log, {
      event: 'request_done',
      method: request.method,
      prefix: prefixOf(request.routeOptions.url ?? request.url.split('?')[0]),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
    done();
  });
}
