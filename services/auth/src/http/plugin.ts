// The auth service's Fastify plugin: its routes, GoTrue's error rendering, and the API-version header.
import type { FastifyPluginAsync } from 'fastify';
import type { AuthDeps } from '../types.ts';
import { API_VERSION, isVersioned, renderAuthError } from './render-error.ts';
import { adminRoutes } from './routes/admin.ts';
import { metaRoutes } from './routes/meta.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { userRoutes } from './routes/user.ts';

export function authPlugin(deps: AuthDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (isVersioned(request.headers['x-supabase-api-version'])) reply.header('x-supabase-api-version', API_VERSION);
    });
    app.setErrorHandler((err, request, reply) => {
      const r = renderAuthError(err, isVersioned(request.headers['x-supabase-api-version']), deps.log);
      return reply.code(r.status).headers(r.headers).type('application/json; charset=utf-8').send(r.body);
    });
    await metaRoutes(app, deps);
    await signInRoutes(app, deps);
    await userRoutes(app, deps);
    await adminRoutes(app, deps);
    await oauthRoutes(app, deps);
  };
}
