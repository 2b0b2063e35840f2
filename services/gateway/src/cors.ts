// CORS as Kong's cors plugin does it for Supabase: reflect the Origin with credentials, answer preflights
// itself (no apikey needed), expose the headers supabase-js reads. Headers go on the raw response so
// services that write to `reply.raw` (SSE) keep them.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

export interface CorsConfig { origins: readonly string[] | '*' }

export const ALLOW_METHODS = 'GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD';
export const MAX_AGE_S = 86400;

/** Used when a preflight does not list its headers (browsers always do; some proxies strip it). */
export const DEFAULT_ALLOW_HEADERS = [
  'apikey', 'authorization', 'x-client-info', 'content-type', 'accept', 'accept-profile', 'content-profile',
  'prefer', 'range', 'range-unit', 'x-upsert', 'x-supabase-api-version', 'cache-control', 'x-metadata',
  'x-retry-count', 'x-signature', 'traceparent', 'tracestate', 'baggage',
  'tus-resumable', 'upload-length', 'upload-offset', 'upload-metadata', 'upload-defer-length', 'upload-concat',
].join(', ');

export const EXPOSE_HEADERS = [
  'Content-Range', 'X-Total-Count', 'Link', 'X-Supabase-Api-Version', 'Content-Profile', 'Location', 'ETag',
  'Content-Location', 'Preference-Applied', 'Range-Unit', 'X-Sb-Error-Code',
  // tus-js-client reads these on resumable uploads
  'Upload-Offset', 'Upload-Length', 'Upload-Expires', 'Tus-Resumable', 'Tus-Version', 'Tus-Max-Size', 'Tus-Extension',
].join(', ');

function allowedOrigin(cfg: CorsConfig, origin: string | undefined): string | null {
  if (!origin) return null;
  if (cfg.origins === '*') return origin;
  const o = origin.replace(/\/$/, '');
  return cfg.origins.some((a) => a === '*' || a.replace(/\/$/, '') === o) ? origin : null;
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}

function answerPreflight(request: FastifyRequest, reply: FastifyReply, origin: string | null): FastifyReply {
  reply.header('vary', 'Origin, Access-Control-Request-Headers');
  if (origin) {
    const requested = request.headers['access-control-request-headers'];
    reply.header('access-control-allow-methods', ALLOW_METHODS);
    reply.header('access-control-allow-headers', typeof requested === 'string' && requested.trim() ? requested : DEFAULT_ALLOW_HEADERS);
    reply.header('access-control-max-age', String(MAX_AGE_S));
    if (request.headers['access-control-request-private-network'] === 'true') {
      reply.header('access-control-allow-private-network', 'true');
    }
  }
  return reply.code(204).send();
}

export function corsHook(cfg: CorsConfig): onRequestHookHandler {
  return function gatewayCors(request, reply, done) {
    const origin = allowedOrigin(cfg, request.headers.origin);
    const raw = reply.raw;
    if (origin) {
      raw.setHeader('access-control-allow-origin', origin);
      raw.setHeader('access-control-allow-credentials', 'true');
      raw.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    }
    if (request.headers.origin) raw.setHeader('vary', 'Origin');
    if (isPreflight(request)) {
      answerPreflight(request, reply, origin);
      return;
    }
    done();
  };
}
