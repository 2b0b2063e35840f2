// The platform API as a Fastify plugin: every route under /v1 in one scope with its own JSON parser,
// error renderer and 404, so the app mounting it keeps its own.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Deps } from '../domain/deps.ts';
import { emit, errorText } from '../events.ts';
import { raise } from '../errors.ts';
import { errorBody, toCpError } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import { publicRoute, successStatus, type RouteDef } from './route.ts';
import { accessTokenRoutes } from './routes/access-tokens.ts';
import { authConfigRoutes } from './routes/auth-config.ts';
import { authRoutes } from './routes/auth.ts';
import { databaseQueryRoutes } from './routes/database-query.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { memberRoutes } from './routes/members.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { projectKeyRoutes } from './routes/project-keys.ts';
import { projectLifecycleRoutes } from './routes/project-lifecycle.ts';
import { projectRoutes } from './routes/projects.ts';

export function allRoutes(): RouteDef[] {
  const routes: RouteDef[] = [
    ...authRoutes, ...accessTokenRoutes, ...organizationRoutes, ...memberRoutes, ...invitationRoutes,
    ...projectRoutes, ...projectLifecycleRoutes, ...projectKeyRoutes, ...databaseQueryRoutes, ...authConfigRoutes,
  ];
  let doc: unknown;
  const openapi = publicRoute({
    method: 'GET', url: '/v1/openapi.json', operationId: 'getOpenApi', tag: 'meta',
    summary: 'This API as an OpenAPI 3.1 document',
    schema: { response: { 200: { type: 'object', additionalProperties: true } } },
    handler: async () => (doc ??= buildOpenApi(routes)),
  });
  routes.push(openapi);
  return routes;
}

export function routesPlugin(deps: Deps): FastifyPluginAsync {
  const routes = allRoutes();
  return async (app) => {
    await app.register(async (v1) => mount(v1, deps, routes), { prefix: '/v1' });
  };
}

function mount(v1: FastifyInstance, deps: Deps, routes: RouteDef[]): void {
  const json = v1.getDefaultJsonParser('error', 'error');
  v1.removeContentTypeParser('application/json');
  // An empty body with a JSON content type counts as no body (POST /pause and friends carry none).
  v1.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body.length === 0 ? done(null, undefined) : json(req, body as string, done));

  v1.setErrorHandler((err, _req, reply) => {
    const e = toCpError(err);
    if (e.code === 'internal') emit(deps.log, { event: 'request_failed', code: e.code, status: e.status, error: errorText(err) });
    reply.code(e.status).send(errorBody(e));
  });
  v1.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody(raise('route_not_found', `Route ${req.method} ${req.url.split('?')[0]} not found`)));
  });

  for (const r of routes) {
    const status = successStatus(r);
    const response = Object.fromEntries(Object.entries(r.schema.response).filter(([s]) => s !== '204'));
    const { params, querystring, body } = r.schema;
    // Only the parts a route has: Fastify warns about keys present but undefined.
    const schema = { response, ...(params && { params }), ...(querystring && { querystring }), ...(body && { body }) };
    v1.route({
      method: r.method,
      url: r.url.replace(/^\/v1/, ''),
      bodyLimit: deps.config.bodyLimit,
      schema,
      handler: async (req, reply) => {
        const out = await r.run(
          { deps, log: deps.log, authorization: req.headers.authorization },
          { params: req.params as Record<string, string>, query: req.query as Record<string, string>, body: req.body },
        );
        reply.code(status);
        return status === 204 ? reply.send() : out;
      },
    });
  }
}
