// The OpenAPI 3.1 document, generated from the route definitions and the permission table.
import { PERMISSIONS } from '../permissions.ts';
import type { JsonSchema, RouteDef } from './route.ts';
import { successStatus } from './route.ts';
import * as S from './schemas.ts';

export const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function parameters(where: 'path' | 'query', schema: JsonSchema | undefined) {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

function operation(r: RouteDef) {
  const status = successStatus(r);
  const ok = r.schema.response[status];
  const body = r.schema.body;
  return {
    operationId: r.operationId,
    summary: r.summary,
    tags: [r.tag],
    parameters: [...parameters('path', r.schema.params), ...parameters('query', r.schema.querystring)],
    ...(body ? { requestBody: { required: ((body.required ?? []) as string[]).length > 0, content: { 'application/json': { schema: body } } } } : {}),
    responses: {
      [status]: status === 204 ? { description: 'No content' } : { description: 'Success', content: { 'application/json': { schema: ok } } },
      default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
    security: r.auth === 'public' ? [] : [{ bearer: [] }],
    ...(r.actions.length ? { 'x-powabase-permissions': r.actions.map((a) => ({ action: a, roles: [...PERMISSIONS[a]] })) } : {}),
  };
}

export function buildOpenApi(routes: RouteDef[], version = '0.1.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[toOpenApiPath(r.url)] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Powabase platform API',
      version,
      description: 'Control plane of Powabase: platform users, access tokens, organizations, members, invitations and projects.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session access token (JWT) or a personal access token (pbp_...)' },
      },
      schemas: { Error: S.ErrorBody },
    },
    paths,
  };
}
