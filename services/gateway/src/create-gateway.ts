// Builds one project's gateway: CORS, key-auth and JWT per service prefix, body parsers, the mounted
// services — in-process plugins or remote upstreams (proxy-mount.ts) — (501 for the ones not built), health,
// JSON errors, a request_done event per request.
// Returns the Fastify app without listening; the server app calls listen().
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { silentLogger } from '@powabase/core';
import { loadProjectKeys } from './api-key.ts';
import { authHook, defaultRenderAuthError, stripApiKeyParam } from './auth-hook.ts';
import { installBodyParsers } from './body-parsers.ts';
import { corsHook } from './cors.ts';
import { installErrorHandling } from './error-handler.ts';
import { healthRoute, notMounted, testRoutes } from './gateway-routes.ts';
import { proxyPlugin } from './proxy-mount.ts';
import { installRequestLog } from './request-log.ts';
import type { AuthContext } from './resolve-auth.ts';
import { SERVICE_ROUTES } from './service-table.ts';
import { TokenCache } from './token-cache.ts';
import type { GatewayOptions, RemoteMount, ServiceMount } from './types.ts';

const isRemote = (m: ServiceMount | RemoteMount | undefined): m is RemoteMount => !!m && 'upstream' in m;

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;
/** Idle and keep-alive timeouts: long enough that agent and workflow SSE streams are never cut. */
export const IDLE_TIMEOUT_MS = 900_000;

export async function createGateway(opts: GatewayOptions): Promise<FastifyInstance> {
  const log = (opts.log ?? silentLogger).child({ component: 'gateway', ref: opts.project.ref });
  const ctx: AuthContext = { jwtSecret: opts.project.jwtSecret, keys: await loadProjectKeys(opts.project), cache: new TokenCache() };

  const app = fastify({
    loggerInstance: log as FastifyBaseLogger, // pino's Logger, seen as fastify's base logger type
    // request_done replaces fastify's request lines, which would carry the URL (and ?apikey=)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    connectionTimeout: IDLE_TIMEOUT_MS,
    keepAliveTimeout: IDLE_TIMEOUT_MS,
    requestTimeout: 0, // no cap on receiving a request: large uploads
    // As Kong's key-auth with hide_credentials: the apikey query parameter is taken off the URL before the
    // services see it (REST would read it as a filter), and kept on the raw request for the key check.
    rewriteUrl: stripApiKeyParam,
    trustProxy: opts.trustProxy ?? false,
  });

  app.decorateRequest('auth', null as never);
  app.decorateRequest('authError', null);
  app.addHook('onRequest', corsHook({ origins: opts.cors?.origins ?? '*' }));
  installRequestLog(app, log);
  installErrorHandling(app, log);
  installBodyParsers(app);
  healthRoute(app);

  for (const route of SERVICE_ROUTES) {
    const mount = opts.services[route.name];
    await app.register(async (scope) => {
      const remote = isRemote(mount) ? mount : null;
      const local = isRemote(mount) ? undefined : mount;
      scope.addHook('onRequest', authHook({
        prefix: route.prefix,
        openPaths: mount?.openPaths ?? route.openPaths,
        // A remote service re-verifies the Bearer and answers a bad one in its own wire format (PGRST301, GoTrue …).
        jwt: remote ? 'lenient' : local?.jwt ?? 'strict',
        renderAuthError: local?.renderAuthError ?? defaultRenderAuthError,
        ctx,
      }));
      if (route.name === 'api' && opts.testRoutes && !remote) await scope.register(testRoutes);
      if (remote) await scope.register(proxyPlugin(route, remote));
      else if (local) await scope.register(local.plugin);
      else await notMounted(scope, route);
    }, { prefix: route.prefix });
  }
  return app;
}
