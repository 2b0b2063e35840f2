// Project status changes: pause, restore (alias resume), delete, health.
import * as lifecycle from '../../domain/project-lifecycle.ts';
import { projectRoute } from '../route.ts';
import { renderHealth, renderProject } from '../render.ts';
import * as S from '../schemas.ts';

const ref = S.params('ref');

const restore = (url: string, operationId: string, summary: string) => projectRoute({
  method: 'POST', url, operationId, tag: 'projects', summary, action: 'projects.resume',
  schema: { params: ref, response: { 200: S.Project } },
  handler: async (ctx) => renderProject(ctx.deps, await lifecycle.restoreProject(ctx.deps, ctx.project)),
});

export const projectLifecycleRoutes = [
  projectRoute({
    method: 'POST', url: '/v1/projects/:ref/pause', operationId: 'pauseProject', tag: 'projects',
    summary: 'Pause a running project (PAUSING -> PAUSED); its data is kept', action: 'projects.pause',
    schema: { params: ref, response: { 200: S.Project } },
    handler: async (ctx) => renderProject(ctx.deps, await lifecycle.pauseProject(ctx.deps, ctx.project)),
  }),
  restore('/v1/projects/:ref/restore', 'restoreProject', 'Restore a paused, unhealthy or failed project (RESTORING -> ACTIVE_HEALTHY)'),
  restore('/v1/projects/:ref/resume', 'resumeProject', 'Alias of restore'),
  projectRoute({
    method: 'DELETE', url: '/v1/projects/:ref', operationId: 'deleteProject', tag: 'projects',
    summary: 'Delete a project and all its data; its secrets are wiped (status REMOVED)', action: 'projects.delete',
    schema: { params: ref, response: { 200: S.Project } },
    handler: async (ctx) => renderProject(ctx.deps, await lifecycle.removeProject(ctx.deps, ctx.project)),
  }),
  projectRoute({
    method: 'GET', url: '/v1/projects/:ref/health', operationId: 'getProjectHealth', tag: 'projects',
    summary: 'Check a project\'s health with the provisioner (flips ACTIVE_HEALTHY <-> UNHEALTHY)', action: 'projects.read',
    schema: { params: ref, response: { 200: S.Health } },
    handler: async (ctx) => renderHealth(await lifecycle.checkHealth(ctx.deps, ctx.project)),
  }),
];
