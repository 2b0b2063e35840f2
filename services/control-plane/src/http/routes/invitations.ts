// Invitations into an organization, and accepting one.
import * as invitations from '../../domain/invitations.ts';
import { orgRoute, userRoute } from '../route.ts';
import { renderInvitation } from '../render.ts';
import * as S from '../schemas.ts';

export const invitationRoutes = [
  orgRoute({
    method: 'POST', url: '/v1/organizations/:slug/invitations', operationId: 'createInvitation', tag: 'invitations',
    summary: 'Invite an email with a role (default developer); the token is shown only in this response',
    org: (i) => i.params.slug, action: 'invitations.create',
    schema: { params: S.params('slug'), body: S.InvitationBody, response: { 201: S.InvitationCreated } },
    handler: async (ctx, i) => renderInvitation(await invitations.createInvitation(
      ctx.deps, ctx.org, ctx.principal.user, i.body.email, i.body.role ?? i.body.role_name ?? 'developer',
    )),
  }),
  orgRoute({
    method: 'GET', url: '/v1/organizations/:slug/invitations', operationId: 'listInvitations', tag: 'invitations',
    summary: 'List pending invitations', org: (i) => i.params.slug, action: 'invitations.read',
    schema: { params: S.params('slug'), response: { 200: S.arrayOf(S.Invitation) } },
    handler: async (ctx) => (await invitations.listInvitations(ctx.deps, ctx.org)).map(renderInvitation),
  }),
  orgRoute({
    method: 'DELETE', url: '/v1/organizations/:slug/invitations/:id', operationId: 'deleteInvitation', tag: 'invitations',
    summary: 'Withdraw an invitation', org: (i) => i.params.slug, action: 'invitations.delete',
    schema: { params: S.params('slug', 'id'), response: { 200: S.Invitation } },
    handler: async (ctx, i) => renderInvitation(await invitations.deleteInvitation(ctx.deps, ctx.org, i.params.id)),
  }),
  userRoute({
    method: 'POST', url: '/v1/invitations/:token/accept', operationId: 'acceptInvitation', tag: 'invitations',
    summary: 'Accept an invitation sent to your email; answers with the organization you joined',
    schema: { params: S.params('token'), response: { 200: S.Organization } },
    handler: (ctx, i) => invitations.acceptInvitation(ctx.deps, ctx.principal.user, i.params.token),
  }),
];
