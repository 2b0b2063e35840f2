// A project's API keys and Connect data (the Studio's Connect modal).
import * as keys from '../../domain/project-keys.ts';
import { projectRoute } from '../route.ts';
import * as S from '../schemas.ts';

export const projectKeyRoutes = [
  projectRoute({
    method: 'GET', url: '/v1/projects/:ref/api-keys', operationId: 'getProjectApiKeys', tag: 'projects',
    summary: 'The anon key, and the service_role key for roles that may read secrets', action: 'projects.read',
    schema: { params: S.params('ref'), response: { 200: S.arrayOf(S.ApiKey) } },
    handler: (ctx) => keys.apiKeys(ctx.deps, ctx.project, ctx.role),
  }),
  projectRoute({
    method: 'GET', url: '/v1/projects/:ref/connect', operationId: 'getProjectConnect', tag: 'projects',
    summary: 'Project URL, keys, JWT secret, Database URL and connection snippets (secrets only for roles that may read them)',
    action: 'projects.read',
    schema: { params: S.params('ref'), response: { 200: S.Connect } },
    handler: (ctx) => keys.connectInfo(ctx.deps, ctx.project, ctx.role),
  }),
];
