// Distributed mode: a service prefix forwarded to a remote upstream with @fastify/http-proxy (@fastify/reply-from
// over undici, `ws` for websockets). The gateway has already done CORS and the apikey check; the request goes on
// unchanged — path, raw query bytes, Host, headers, body as an unread stream — and the response streams back
// unbuffered (SSE included), with the 900 s idle timeout on the upstream leg too. The upstream runs the service
// behind its own one-service gateway, which re-verifies the apikey and JWT: nothing here vouches for the caller.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import httpProxy from '@fastify/http-proxy';
import type { IncomingHttpHeaders } from 'node:http';
import { presentedApiKey } from './auth-hook.ts';
import { streamBody } from './body-parsers.ts';
import { renderGatewayError, type GatewayErrorCode } from './errors.ts';
import type { ServiceRoute } from './service-table.ts';
import type { RemoteMount } from './types.ts';

/** Idle time on the upstream leg (headers and between body chunks), as the gateway's own. */
export const UPSTREAM_IDLE_MS = 900_000;

type Headers = Record<string, string | string[] | number | undefined>;

/** Request headers for the upstream: the client's Host kept (S3 SigV4 signs it), the apikey as a header, X-Forwarded-*. */
export function upstreamRequestHeaders(request: FastifyRequest, headers: Headers): Headers {
  const out: Headers = { ...headers };
  if (request.headers.host) out.host = request.headers.host;
  const key = presentedApiKey(request);
  // The apikey query parameter was taken off the URL (hide_credentials); the upstream re-checks it from the header.
  if (key !== undefined && out.apikey === undefined) out.apikey = key;
  const peer = request.socket.remoteAddress;
  const prior = request.headers['x-forwarded-for'];
  if (peer) out['x-forwarded-for'] = prior ? `${prior}, ${peer}` : peer;
  out['x-forwarded-proto'] ??= request.protocol;
  if (request.headers.host) out['x-forwarded-host'] ??= request.headers.host;
  return out;
}

/** Response headers from the upstream: its CORS headers dropped, the gateway's (already on the raw response) stand. */
export function downstreamHeaders(headers: IncomingHttpHeaders | Headers): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k.startsWith('access-control-') || k === 'vary') continue;
    out[k] = v as Headers[string];
  }
  return out;
}

function sendProxyError(reply: FastifyReply, error: { statusCode?: number; code?: string }): void {
  const code: GatewayErrorCode = error.statusCode === 504 || error.code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT' ? 'upstream_timeout' : 'upstream_unavailable';
  const r = renderGatewayError(code);
  reply.log.warn({ event: 'upstream_failed', status: r.status, code: error.code }, 'upstream_failed');
  reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
}

/** The plugin registered under `route.prefix` in place of the in-process service. */
export function proxyPlugin(route: ServiceRoute, remote: RemoteMount): FastifyPluginAsync {
  const upstream = new URL(remote.upstream).origin;
  return async (scope: FastifyInstance) => {
    // Bodies go through unread, whatever their type: the upstream's own gateway parses and limits them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', streamBody);
    await scope.register(httpProxy, {
      upstream,
      rewritePrefix: route.prefix, // the upstream serves the same paths
      proxyPayloads: false,
      disableRequestLogging: true,
      undici: { headersTimeout: UPSTREAM_IDLE_MS, bodyTimeout: UPSTREAM_IDLE_MS, keepAliveTimeout: 60_000 },
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => upstreamRequestHeaders(request as FastifyRequest, headers as Headers) as IncomingHttpHeaders,
        rewriteHeaders: (headers) => downstreamHeaders(headers) as IncomingHttpHeaders,
        // No retries: a 503 from the service (e.g. the AI service without pgvector) is its answer.
        retryDelay: () => null,
        onError: (reply, { error }) => sendProxyError(reply as unknown as FastifyReply, error as { statusCode?: number; code?: string }),
      },
      ...(route.name === 'realtime'
        ? {
            websocket: true as const,
            wsClientOptions: {
              perMessageDeflate: false,
              // not in the typings: http-proxy calls it with (static headers, request) for the upstream handshake
              rewriteRequestHeaders: (headers: Headers, request: FastifyRequest) => wsHeaders(headers, request),
            } as Record<string, unknown>,
          }
        : {}),
    });
  };
}

/** Handshake headers of the upstream websocket: the apikey, Authorization and X-Forwarded-For travel on. */
function wsHeaders(base: Headers, request: FastifyRequest): Headers {
  const h = upstreamRequestHeaders(request, { ...base });
  const out: Headers = {};
  for (const k of ['apikey', 'authorization', 'x-forwarded-for', 'x-forwarded-proto', 'cookie', 'x-client-info']) {
    const v = h[k] ?? request.headers[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
