// The onRequest hook of one service prefix: key-auth, then Bearer verification, then `request.auth`.
// Answers refusals itself so a service's own error handler never rewrites the gateway's bodies.
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { JwtError } from '@powabase/keys';
import { renderGatewayError } from './errors.ts';
import { resolveAuth, type AuthContext } from './resolve-auth.ts';
import { isOpenPath } from './service-table.ts';
import type { AuthErrorResponse } from './types.ts';

export interface AuthHookConfig {
  prefix: string;
  openPaths: readonly string[];
  jwt: 'strict' | 'lenient';
  renderAuthError: (e: JwtError) => AuthErrorResponse;
  ctx: AuthContext;
}

export const defaultRenderAuthError = (e: JwtError): AuthErrorResponse => ({ status: 401, body: { message: e.message } });

function firstString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * The path below the prefix, taken from the route that matched (so percent-encoding tricks cannot open a path):
 * a wildcard route contributes its (decoded) `*` parameter.
 */
function subPathOf(request: FastifyRequest, prefix: string): string {
  const pattern = request.routeOptions.url ?? '';
  let sub = pattern.slice(prefix.length);
  if (sub.endsWith('*')) sub = sub.slice(0, -1) + (firstString((request.params as Record<string, unknown>)?.['*']) ?? '');
  return sub.startsWith('/') ? sub : `/${sub}`;
}

const QUERY_APIKEY = Symbol('apikey from the query string');
type RawWithKey = IncomingMessage & { [QUERY_APIKEY]?: string };

/** Fastify rewriteUrl: removes `apikey` from the query string, remembering its first value on the raw request. */
export function stripApiKeyParam(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  if (q < 0 || !/(^|[?&])apikey=/.test(url.slice(q))) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  (req as RawWithKey)[QUERY_APIKEY] = params.get('apikey') ?? undefined;
  // Rebuild without re-encoding the other parameters: PostgREST grammar is sensitive to their exact bytes.
  const kept = url.slice(q + 1).split('&').filter((p) => !/^apikey(=|$)/.test(p));
  return url.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '');
}

/** The apikey the caller presented: the header, else the `apikey` query parameter stripped from the URL. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  return firstString(request.headers.apikey) ?? (request.raw as RawWithKey)[QUERY_APIKEY];
}

export function authHook(cfg: AuthHookConfig): onRequestAsyncHookHandler {
  return async function gatewayAuth(request: FastifyRequest, reply: FastifyReply) {
    const outcome = await resolveAuth({
      apikey: presentedApiKey(request),
      authorization: request.headers.authorization,
      keyRequired: !isOpenPath(cfg.openPaths, subPathOf(request, cfg.prefix)),
    }, cfg.ctx);
    if (outcome.kind === 'denied') {
      const r = renderGatewayError(outcome.code);
      return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
    }
    if (outcome.jwtError && cfg.jwt === 'strict') {
      const r = cfg.renderAuthError(outcome.jwtError);
      return reply.code(r.status).headers(r.headers ?? {}).send(r.body);
    }
    request.auth = outcome.auth;
    request.authError = outcome.jwtError;
  };
}
