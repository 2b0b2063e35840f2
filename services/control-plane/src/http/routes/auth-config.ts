// A project's auth settings, as the Supabase Management API's GET/PATCH /v1/projects/{ref}/config/auth.
import * as authConfig from '../../domain/auth-config.ts';
import { projectRoute } from '../route.ts';
import * as S from '../schemas.ts';

export const authConfigRoutes = [
  projectRoute({
    method: 'GET', url: '/v1/projects/:ref/config/auth', operationId: 'getProjectAuthConfig', tag: 'projects',
    summary: 'The project\'s auth settings (effective values; secrets shown as a mask when set)', action: 'projects.settings.read',
    schema: { params: S.params('ref'), response: { 200: S.AuthConfig } },
    handler: (ctx) => authConfig.getAuthConfig(ctx.deps, ctx.project),
  }),
  projectRoute({
    method: 'PATCH', url: '/v1/projects/:ref/config/auth', operationId: 'updateProjectAuthConfig', tag: 'projects',
    summary: 'Change auth settings (null resets a field); applied to the running project without a restart',
    action: 'projects.settings.update',
    schema: { params: S.params('ref'), body: S.AuthConfigPatch, response: { 200: S.AuthConfig } },
    handler: (ctx, input) => authConfig.updateAuthConfig(ctx.deps, ctx.project, input.body ?? {}),
  }),
];
