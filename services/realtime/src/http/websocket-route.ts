// GET /realtime/v1/websocket: the gateway has already checked the apikey (query parameter) on the upgrade
// request; here the connection limit and the protocol version, then `ws` is adapted to the core.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { RealtimeCore } from '../realtime.ts';
import type { Vsn } from '../protocol/frame.ts';
import type { WireSocket } from '../socket/wire-socket.ts';
import { realtimeErrors } from '../errors.ts';
import { authOf, queryString } from './auth.ts';

function vsnOf(v: string | undefined): Vsn | null {
  if (v === undefined || v === '' || v.startsWith('1.')) return '1.0.0';
  if (v.startsWith('2.')) return '2.0.0';
  return null;
}

function wire(ws: WebSocket): WireSocket {
  return {
    get bufferedAmount() { return ws.bufferedAmount; },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  };
}

/** How long a refused upgrade's socket may stay open when its response never finishes. */
const REFUSED_UPGRADE_MAX_MS = 30_000;

/**
 * @fastify/websocket routes every upgrade request of the server through Fastify. One refused before a
 * websocket handler ran (the gateway's apikey check, our limits, any other path: 401, 404, 501) gets an
 * HTTP response written on a socket Node no longer parses or tracks, and nothing closes it: a leak, and it
 * keeps the server from closing. This ends such sockets once their response is written.
 */
function endRefusedUpgrades(app: FastifyInstance, upgraded: WeakSet<Socket>): void {
  const onUpgrade = (_req: IncomingMessage, socket: Socket) => {
    const end = () => {
      if (upgraded.has(socket) || socket.destroyed) return;
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    // assigned by @fastify/websocket (registered before this listener) to carry the HTTP response
    (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.once('finish', end);
    setTimeout(end, REFUSED_UPGRADE_MAX_MS).unref();
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', (_instance, done) => { app.server.off('upgrade', onUpgrade); done(); });
}

export function websocketRoute(app: FastifyInstance, core: RealtimeCore): void {
  const upgraded = new WeakSet<Socket>();
  endRefusedUpgrades(app, upgraded);
  app.get('/websocket', {
    websocket: true,
    preHandler: async (request, reply) => {
      if (!core.canAccept()) {
        const e = realtimeErrors.table.too_many_connections;
        return reply.code(e.status).type('application/json').send({ error: e.message });
      }
      if (vsnOf(queryString(request, 'vsn')) === null) {
        return reply.code(400).type('application/json').send({ error: 'Unsupported serializer version' });
      }
    },
  }, (ws, request) => {
    upgraded.add(request.raw.socket as Socket);
    const conn = core.open(wire(ws), vsnOf(queryString(request, 'vsn'))!, authOf(request).token);
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      core.onMessage(conn, buf, isBinary);
    });
    ws.on('close', () => core.closed(conn));
    ws.on('error', () => core.closed(conn));
  });
}
