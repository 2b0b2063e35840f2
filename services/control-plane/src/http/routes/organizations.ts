// Organizations the signed-in user belongs to.
import * as orgs from '../../domain/organizations.ts';
import { orgRoute, userRoute } from '../route.ts';
import * as S from '../schemas.ts';

const slug = { params: S.params('slug') };

export const organizationRoutes = [
  userRoute({
    method: 'GET', url: '/v1/organizations', operationId: 'listOrganizations', tag: 'organizations',
    summary: 'List the organizations you are a member of, with your role',
    schema: { response: { 200: S.arrayOf(S.Organization) } },
    handler: (ctx) => orgs.listOrganizations(ctx.deps, ctx.principal.user),
  }),
  userRoute({
    method: 'POST', url: '/v1/organizations', operationId: 'createOrganization', tag: 'organizations',
    summary: 'Create an organization; you become its owner',
    schema: { body: S.NameBody, response: { 201: S.Organization } },
    handler: (ctx, i) => orgs.createOrganization(ctx.deps, ctx.principal.user, i.body.name),
  }),
  orgRoute({
    method: 'GET', url: '/v1/organizations/:slug', operationId: 'getOrganization', tag: 'organizations',
    summary: 'Get an organization', org: (i) => i.params.slug, action: 'org.read',
    schema: { ...slug, response: { 200: S.Organization } },
    handler: async (ctx) => ctx.org,
  }),
  orgRoute({
    method: 'PATCH', url: '/v1/organizations/:slug', operationId: 'updateOrganization', tag: 'organizations',
    summary: 'Rename an organization', org: (i) => i.params.slug, action: 'org.update',
    schema: { ...slug, body: S.NameBody, response: { 200: S.Organization } },
    handler: (ctx, i) => orgs.updateOrganization(ctx.deps, ctx.org, i.body.name),
  }),
  orgRoute({
    method: 'DELETE', url: '/v1/organizations/:slug', operationId: 'deleteOrganization', tag: 'organizations',
    summary: 'Delete an organization that has no projects left', org: (i) => i.params.slug, action: 'org.delete',
    schema: { ...slug, response: { 200: S.Organization } },
    handler: (ctx) => orgs.deleteOrganization(ctx.deps, ctx.org),
  }),
];
