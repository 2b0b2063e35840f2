// Projects: list, create (answers with the final state), get, update settings.
import * as projects from '../../domain/projects.ts';
import { orgRoute, projectRoute, userRoute } from '../route.ts';
import { renderProject } from '../render.ts';
import * as S from '../schemas.ts';

export const projectRoutes = [
  userRoute({
    method: 'GET', url: '/v1/projects', operationId: 'listProjects', tag: 'projects',
    summary: 'List the projects of every organization you belong to',
    schema: { response: { 200: S.arrayOf(S.Project) } },
    handler: async (ctx) => (await projects.listProjects(ctx.deps, ctx.principal.user)).map((p) => renderProject(ctx.deps, p)),
  }),
  orgRoute({
    method: 'POST', url: '/v1/projects', operationId: 'createProject', tag: 'projects',
    summary: 'Create a project in an organization (slug or id); provisions it before answering (COMING_UP -> ACTIVE_HEALTHY, or FAILED)',
    org: (i) => i.body.organization_id, action: 'projects.create',
    schema: { body: S.ProjectCreateBody, response: { 201: S.Project } },
    handler: async (ctx, i) => renderProject(ctx.deps, await projects.createProject(ctx.deps, ctx.org, {
      name: i.body.name, compute: i.body.compute, dbPassword: i.body.db_pass,
    })),
  }),
  projectRoute({
    method: 'GET', url: '/v1/projects/:ref', operationId: 'getProject', tag: 'projects',
    summary: 'Get a project', action: 'projects.read',
    schema: { params: S.params('ref'), response: { 200: S.Project } },
    handler: async (ctx) => renderProject(ctx.deps, ctx.project),
  }),
  projectRoute({
    method: 'PATCH', url: '/v1/projects/:ref', operationId: 'updateProject', tag: 'projects',
    summary: 'Rename a project or change its compute settings (applied on the next restore)', action: 'projects.update',
    schema: { params: S.params('ref'), body: S.ProjectUpdateBody, response: { 200: S.Project } },
    handler: async (ctx, i) => renderProject(ctx.deps, await projects.updateProject(ctx.deps, ctx.project, i.body)),
  }),
];
