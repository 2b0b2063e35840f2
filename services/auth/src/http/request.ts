// What routes need from a Fastify request, read once: the body as an object, client IP (for rate limits and
// MFA), the audience, redirect_to, and the caller resolved from the gateway's `request.auth`.
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { authError, validation } from '../errors.ts';
import { UUID_RE } from '../domain/input.ts';
import { resolveRedirect } from '../domain/redirect.ts';
import { findFullUser } from '../store/users.ts';
import { findSession } from '../store/sessions.ts';
import type { Caller } from '../domain/user-update.ts';
import type { AuthDeps, FullUser, RequestMeta } from '../types.ts';
import { isBanned } from '../domain/user-json.ts';

const MAX_FORM = 1024 * 1024;

/** JSON body (parsed by the gateway) or a form/JSON stream (read here); `{}` when empty. */
export async function bodyOf(request: FastifyRequest): Promise<Record<string, unknown>> {
  const b = request.body as unknown;
  if (b === undefined || b === null) return {};
  if (typeof (b as Readable).pipe === 'function') {
    let raw = '';
    for await (const chunk of b as Readable) {
      raw += chunk.toString();
      if (raw.length > MAX_FORM) throw authError('request_entity_too_large');
    }
    if (!raw.trim()) return {};
    if (String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
    try { return JSON.parse(raw) as Record<string, unknown>; } catch (e) { throw authError('bad_json', `Could not parse request body as JSON: ${(e as Error).message}`); }
  }
  if (typeof b !== 'object' || Array.isArray(b)) throw authError('bad_json', 'Could not parse request body as JSON: expected an object');
  return b as Record<string, unknown>;
}

export function query(request: FastifyRequest): Record<string, string> {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? String(v[0]) : String(v ?? '');
  return out;
}

export function clientIp(deps: AuthDeps, request: FastifyRequest): string {
  const h = deps.config.rateLimitHeader;
  if (h) {
    const v = request.headers[h.toLowerCase()];
    const first = (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.ip;
}

export function meta(deps: AuthDeps, request: FastifyRequest): RequestMeta {
  return { ip: clientIp(deps, request), userAgent: String(request.headers['user-agent'] ?? '') };
}

export function audience(deps: AuthDeps, request: FastifyRequest): string {
  const h = request.headers['x-jwt-aud'];
  return (Array.isArray(h) ? h[0] : h) || deps.config.jwtAud;
}

export function redirectTo(deps: AuthDeps, request: FastifyRequest, body?: Record<string, unknown>): string {
  const q = query(request).redirect_to;
  const b = typeof body?.redirect_to === 'string' ? body.redirect_to : undefined;
  return resolveRedirect(deps.config, q || b);
}

export function takeLimit(deps: AuthDeps, request: FastifyRequest, name: keyof AuthDeps['config']['rateLimits']): void {
  if (!deps.limiter.take(name, clientIp(deps, request), deps.config.rateLimits[name])) throw authError('over_request_rate_limit');
}

function bearer(request: FastifyRequest): string {
  const h = request.headers.authorization;
  const m = typeof h === 'string' ? /^bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m ? m[1].trim() : '';
}

/** A verified Bearer JWT's claims (403 bad_jwt if it failed), or 401 no_authorization when none was sent. */
function verifiedClaims(request: FastifyRequest): Record<string, unknown> {
  if (!bearer(request)) throw authError('no_authorization');
  if (request.authError) throw authError('bad_jwt', `invalid JWT: unable to parse or verify signature, ${request.authError.message}`);
  return request.auth.claims;
}

export function requireAdmin(deps: AuthDeps, request: FastifyRequest): Record<string, unknown> {
  const claims = verifiedClaims(request);
  if (typeof claims.role !== 'string' || !deps.config.adminRoles.includes(claims.role)) throw authError('not_admin');
  return claims;
}

export interface UserCaller { user: FullUser; caller: Caller; claims: Record<string, unknown> }

/** GoTrue's requireAuthentication + the user/session checks of its user-scoped endpoints. */
export async function requireUser(deps: AuthDeps, request: FastifyRequest): Promise<UserCaller> {
  const claims = verifiedClaims(request);
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub) throw authError('bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID_RE.test(sub)) throw authError('bad_jwt', 'invalid claim: sub claim must be a UUID', { status: 400 });
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (aud !== audience(deps, request)) throw authError('unexpected_audience');
  const user = await findFullUser(deps.db.pool, sub);
  if (!user) throw authError('user_not_found', 'User from sub claim in JWT does not exist', { status: 403 });
  const sid = typeof claims.session_id === 'string' ? claims.session_id : null;
  if (sid) {
    if (!UUID_RE.test(sid)) throw validation('session_id claim must be a UUID');
    const s = await findSession(deps.db.pool, sid);
    if (!s || s.user_id !== user.id) throw authError('session_not_found');
  }
  if (isBanned(user, deps.now())) throw authError('user_banned');
  const isAdmin = typeof claims.role === 'string' && deps.config.adminRoles.includes(claims.role);
  return { user, claims, caller: { userId: user.id, sessionId: sid, aal: typeof claims.aal === 'string' ? claims.aal : 'aal1', isAdmin } };
}
