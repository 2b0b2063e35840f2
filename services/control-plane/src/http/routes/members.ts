// Organization members: list, change a role, remove (or leave).
import * as members from '../../domain/members.ts';
import { orgRoute } from '../route.ts';
import { renderMember } from '../render.ts';
import * as S from '../schemas.ts';

export const memberRoutes = [
  orgRoute({
    method: 'GET', url: '/v1/organizations/:slug/members', operationId: 'listMembers', tag: 'members',
    summary: 'List the members of an organization', org: (i) => i.params.slug, action: 'members.read',
    schema: { params: S.params('slug'), response: { 200: S.arrayOf(S.Member) } },
    handler: async (ctx) => (await members.listMembers(ctx.deps, ctx.org)).map(renderMember),
  }),
  orgRoute({
    method: 'PATCH', url: '/v1/organizations/:slug/members/:user_id', operationId: 'updateMember', tag: 'members',
    summary: 'Change a member\'s role ({role} or {role_name}); only owners grant or take away owner',
    org: (i) => i.params.slug, action: 'members.update',
    schema: { params: S.params('slug', 'user_id'), body: S.RoleBody, response: { 200: S.Member } },
    handler: async (ctx, i) => renderMember(await members.updateMemberRole(ctx.deps, ctx.org, i.params.user_id, i.body.role ?? i.body.role_name)),
  }),
  orgRoute({
    method: 'DELETE', url: '/v1/organizations/:slug/members/:user_id', operationId: 'removeMember', tag: 'members',
    summary: 'Remove a member, or leave when user_id is your own; the last owner cannot go',
    org: (i) => i.params.slug,
    action: (i, ctx) => (i.params.user_id === ctx.principal.user.id ? 'members.leave' : 'members.remove'),
    actions: ['members.remove', 'members.leave'],
    schema: { params: S.params('slug', 'user_id'), response: { 200: S.Member } },
    handler: async (ctx, i) => renderMember(await members.removeMember(ctx.deps, ctx.org, ctx.principal.user, i.params.user_id)),
  }),
];
