// Routes the gateway answers itself: health, the 501 stand-in for services not built yet, test-only routes.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderGatewayError } from './errors.ts';
import type { ServiceRoute } from './service-table.ts';

export function healthRoute(app: FastifyInstance): void {
  app.get('/api/health', async () => ({ status: 'ok' }));
}

/** Every method and sub-path of an unmounted prefix: 501, never a 404 or a fake 200. */
export async function notMounted(scope: FastifyInstance, route: ServiceRoute): Promise<void> {
  const r = renderGatewayError('service_not_available', `${route.title} is not available in this Powabase version yet`, { service: route.name });
  const handler = async (_req: unknown, reply: FastifyReply) =>
    reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
  scope.all('/', handler);
  scope.all('/*', handler);
}

const SSE_EVENTS = 3;
const SSE_INTERVAL_MS = 50;

/** Test-only routes (under /api/_test) that let e2e tests prove streaming and key/JWT handling. */
export async function testRoutes(scope: FastifyInstance): Promise<void> {
  scope.get('/_test/whoami', async (request) => ({ role: request.auth.role, claims: request.auth.claims }));

  scope.get('/_test/sse', (_request, reply) => {
    const stream = new PassThrough();
    let n = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      n += 1;
      stream.write(`id: ${n}\nevent: tick\ndata: ${JSON.stringify({ n })}\n\n`);
      if (n >= SSE_EVENTS) stream.end();
      else timer = setTimeout(tick, SSE_INTERVAL_MS);
    };
    reply.raw.on('close', () => { clearTimeout(timer); stream.destroy(); });
    reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no');
    setImmediate(tick);
    return reply.send(stream);
  });
}
