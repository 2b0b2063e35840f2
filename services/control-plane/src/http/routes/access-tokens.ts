// Personal access tokens of the signed-in user.
import * as tokens from '../../domain/access-tokens.ts';
import { userRoute } from '../route.ts';
import * as S from '../schemas.ts';

export const accessTokenRoutes = [
  userRoute({
    method: 'POST', url: '/v1/access-tokens', operationId: 'createAccessToken', tag: 'access-tokens',
    summary: 'Create a personal access token (pbp_...); the token is shown only in this response',
    schema: { body: S.NameBody, response: { 201: S.AccessTokenCreated } },
    handler: (ctx, i) => tokens.createAccessToken(ctx.deps, ctx.principal.user, i.body.name),
  }),
  userRoute({
    method: 'GET', url: '/v1/access-tokens', operationId: 'listAccessTokens', tag: 'access-tokens',
    summary: 'List your personal access tokens (without the tokens)',
    schema: { response: { 200: S.arrayOf(S.AccessToken) } },
    handler: (ctx) => tokens.listAccessTokens(ctx.deps, ctx.principal.user),
  }),
  userRoute({
    method: 'DELETE', url: '/v1/access-tokens/:id', operationId: 'deleteAccessToken', tag: 'access-tokens',
    summary: 'Revoke a personal access token',
    schema: { params: S.params('id'), response: { 200: S.AccessToken } },
    handler: (ctx, i) => tokens.deleteAccessToken(ctx.deps, ctx.principal.user, i.params.id),
  }),
];
