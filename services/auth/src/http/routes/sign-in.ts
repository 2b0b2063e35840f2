// Routes that start or continue a session without one: /signup, /token, /verify, /otp, /magiclink,
// /recover, /resend. Handlers read the request, call the domain, reply; errors go to the plugin's handler.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { authError, validation } from '../../errors.ts';
import { passwordGrant, pkceGrant } from '../../domain/grants.ts';
import { otp, recover, resend } from '../../domain/passwordless.ts';
import { signup, type CallContext } from '../../domain/signup.ts';
import { refreshGrant } from '../../domain/refresh-grant.ts';
import type { TokenResponse } from '../../domain/tokens.ts';
import { verify, type VerifyOutcome } from '../../domain/verify.ts';
import { idTokenGrant } from '../../domain/oauth.ts';
import { str } from '../../domain/input.ts';
import type { AuthDeps } from '../../types.ts';
import { audience, bodyOf, clientIp, meta, query, redirectTo, takeLimit } from '../request.ts';

function sendSession(reply: FastifyReply, res: TokenResponse, _refresh = true): FastifyReply {
  const u = res.user as { id?: string };
  if (u.id) reply.header('sb-auth-user-id', u.id);
  return reply.send(res);
}

/** GoTrue's fragment/query redirects for GET /verify. */
export function verifyRedirect(target: string, out: VerifyOutcome | { error: { code: string; description: string } }): string {
  if ('error' in out) {
    const p = new URLSearchParams({ error: 'access_denied', error_code: out.error.code, error_description: out.error.description, sb: '' });
    return `${target}#${p.toString()}`;
  }
  if (out.kind === 'code') return `${target}${target.includes('?') ? '&' : '?'}code=${encodeURIComponent(out.code)}`;
  if (out.kind === 'message') return `${target}#${new URLSearchParams({ message: out.msg, sb: '' }).toString()}`;
  const r = out.res;
  const p = new URLSearchParams({
    access_token: r.access_token, expires_at: String(r.expires_at), expires_in: String(r.expires_in),
    refresh_token: r.refresh_token, token_type: 'bearer', type: out.type, sb: '',
  });
  return `${target}#${p.toString()}`;
}

export async function signInRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const ctxOf = (request: Parameters<typeof meta>[1], body: Record<string, unknown>): CallContext => ({
    meta: meta(deps, request), redirectTo: redirectTo(deps, request, body), aud: audience(deps, request), ipKey: clientIp(deps, request),
  });

  app.post('/signup', async (request, reply) => {
    const body = await bodyOf(request);
    if (str(body.email) || str(body.phone)) takeLimit(deps, request, 'otp');
    const res = await signup(deps, body, ctxOf(request, body));
    return 'access_token' in res ? sendSession(reply, res as TokenResponse, false) : reply.send(res);
  });

  app.post('/token', async (request, reply) => {
    takeLimit(deps, request, 'tokenRefresh');
    const body = await bodyOf(request);
    const grant = query(request).grant_type || str(body.grant_type);
    const m = meta(deps, request);
    switch (grant) {
      case 'password': return sendSession(reply, await passwordGrant(deps, body, m, audience(deps, request)), false);
      case 'refresh_token': return sendSession(reply, await refreshGrant(deps, str(body.refresh_token)));
      case 'pkce': return sendSession(reply, await pkceGrant(deps, body, m), false);
      case 'id_token': return sendSession(reply, await idTokenGrant(deps, body, m), false);
      default: throw authError('invalid_credentials', 'unsupported_grant_type');
    }
  });

  app.post('/verify', async (request, reply) => {
    takeLimit(deps, request, 'verify');
    const body = await bodyOf(request);
    const out = await verify(deps, {
      type: str(body.type), token: str(body.token) || undefined, tokenHash: str(body.token_hash) || undefined,
      email: str(body.email) || undefined, phone: str(body.phone) || undefined,
    }, meta(deps, request));
    if (out.kind === 'message') return reply.send({ msg: out.msg, code: '200' });
    if (out.kind === 'code') throw validation('PKCE links must be opened in the browser');
    return sendSession(reply, out.res, false);
  });

  app.get('/verify', async (request, reply) => {
    const q = query(request);
    const target = redirectTo(deps, request);
    if (!q.type) throw validation('Verify requires a verification type');
    if (!q.token) throw validation('Verify requires a token or a token hash');
    try {
      takeLimit(deps, request, 'verify');
      const out = await verify(deps, { type: q.type, tokenHash: q.token }, meta(deps, request));
      return reply.redirect(verifyRedirect(target, out), 303);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'unexpected_failure';
      const description = code === 'otp_expired' ? 'Email link is invalid or has expired' : (e as Error).message;
      if (code === 'unexpected_failure') throw e;
      return reply.redirect(verifyRedirect(target, { error: { code, description } }), 303);
    }
  });

  const otpHandler = async (request: Parameters<typeof meta>[1]) => {
    takeLimit(deps, request, 'otp');
    const body = await bodyOf(request);
    return otp(deps, body, ctxOf(request, body));
  };
  app.post('/otp', otpHandler);
  app.post('/magiclink', otpHandler);

  app.post('/recover', async (request) => {
    takeLimit(deps, request, 'otp');
    const body = await bodyOf(request);
    return recover(deps, body, ctxOf(request, body));
  });

  app.post('/resend', async (request) => {
    takeLimit(deps, request, 'otp');
    const body = await bodyOf(request);
    return resend(deps, body, ctxOf(request, body));
  });
}
