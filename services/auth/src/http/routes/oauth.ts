// OAuth redirects (no apikey needed): GET /authorize -> provider, GET|POST /callback -> back to the app.
import type { FastifyInstance } from 'fastify';
import { validation } from '../../errors.ts';
import { authorizeUrl, callback } from '../../domain/oauth.ts';
import { pkceParams } from '../../domain/pkce.ts';
import type { AuthDeps } from '../../types.ts';
import { bodyOf, meta, query, redirectTo } from '../request.ts';

export async function oauthRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const od = deps as never;
  app.get('/authorize', async (request, reply) => {
    const q = query(request);
    if (!q.provider) throw validation('Unsupported provider: provider is required');
    const url = await authorizeUrl(od, q.provider, { redirectTo: redirectTo(deps, request), scopes: q.scopes, pkce: pkceParams(q) });
    return q.skip_http_redirect === 'true' ? { url } : reply.redirect(url, 302);
  });
  app.get('/callback', async (request, reply) => reply.redirect(await callback(od, query(request), meta(deps, request)), 302));
  app.post('/callback', async (request, reply) => {
    const body = Object.fromEntries(Object.entries(await bodyOf(request)).map(([k, v]) => [k, String(v)]));
    return reply.redirect(await callback(od, { ...query(request), ...body }, meta(deps, request)), 302);
  });
}
