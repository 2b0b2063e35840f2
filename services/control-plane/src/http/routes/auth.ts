// Platform users: signup, token grants, logout, the signed-in user.
import * as auth from '../../domain/auth.ts';
import { raise } from '../../errors.ts';
import { publicRoute, userRoute } from '../route.ts';
import * as S from '../schemas.ts';

export const authRoutes = [
  publicRoute({
    method: 'POST', url: '/v1/auth/signup', operationId: 'signup', tag: 'auth',
    summary: 'Sign up a platform user (the first always; later ones when signups are allowed) and sign in',
    schema: { body: S.Credentials, response: { 200: S.Session } },
    handler: (ctx, i) => auth.signup(ctx.deps, i.body.email, i.body.password),
  }),
  publicRoute({
    method: 'POST', url: '/v1/auth/token', operationId: 'token', tag: 'auth',
    summary: 'Sign in: grant_type=password with {email, password}, or grant_type=refresh_token with {refresh_token}',
    schema: { querystring: S.TokenQuery, body: S.TokenBody, response: { 200: S.Session } },
    handler: async (ctx, i) => {
      if (i.query.grant_type === 'password') {
        if (typeof i.body?.email !== 'string' || typeof i.body?.password !== 'string') throw raise('validation_failed', 'email and password are required');
        return auth.passwordGrant(ctx.deps, i.body.email, i.body.password);
      }
      if (typeof i.body?.refresh_token !== 'string') throw raise('validation_failed', 'refresh_token is required');
      return auth.refreshGrant(ctx.deps, i.body.refresh_token);
    },
  }),
  userRoute({
    method: 'POST', url: '/v1/auth/logout', operationId: 'logout', tag: 'auth',
    summary: 'End the current session (its refresh tokens stop working and its access tokens are refused)',
    schema: { response: { 204: { type: 'null' } } },
    handler: async (ctx) => { await auth.logout(ctx.deps, ctx.principal); return null; },
  }),
  userRoute({
    method: 'GET', url: '/v1/auth/user', operationId: 'getUser', tag: 'auth',
    summary: 'The signed-in platform user',
    schema: { response: { 200: S.User } },
    handler: async (ctx) => ctx.principal.user,
  }),
];
