// POST /signup: email signup (autoconfirm -> session; otherwise a confirmation mail -> bare user),
// anonymous sign-in when no email/phone is given. Existing emails never leak (GoTrue's obfuscated user).
import { uuid } from '@powabase/core';
import { hashPassword } from '@powabase/keys';
import { authError, validation } from '../errors.ts';
import { findFullUser, findUserByEmail, insertIdentity, insertUser } from '../store/users.ts';
import type { AuthDeps, RequestMeta } from '../types.ts';
import { assertSendFrequency, issueEmailToken, sendAuthMail, takeEmailQuota, verifyLink } from './email-tokens.ts';
import { assertStrongPassword } from './password-policy.ts';
import { createFlowState, pkceParams } from './pkce.ts';
import { signIn, type TokenResponse } from './tokens.ts';
import { obfuscatedUserJson, userJson } from './user-json.ts';
import { normaliseEmail, obj, rawStr, str } from './input.ts';

export interface CallContext { meta: RequestMeta; redirectTo: string; aud: string; ipKey: string }

export async function signup(deps: AuthDeps, body: Record<string, unknown>, ctx: CallContext): Promise<TokenResponse | Record<string, unknown>> {
  const { config } = deps;
  const emailIn = str(body.email);
  const phone = str(body.phone);
  const data = obj(body.data) ?? {};
  if (!emailIn && !phone) return anonymousSignIn(deps, data, ctx);
  if (config.disableSignup) throw authError('signup_disabled');
  if (emailIn && phone) throw validation('Only an email address or phone number should be provided on signup.');
  if (phone) throw authError('phone_provider_disabled');
  if (!config.emailEnabled) throw authError('email_provider_disabled');
  const email = normaliseEmail(emailIn);
  const password = rawStr(body.password);
  if (!password) throw validation('Signup requires a valid password');
  assertStrongPassword(config, password);
  const pkce = pkceParams(body);

  const existing = await findUserByEmail(deps.db.pool, email, ctx.aud);
  if (existing) {
    if (existing.email_confirmed_at && config.autoconfirm) throw authError('user_already_exists');
    if (!existing.email_confirmed_at) {
      // unconfirmed: send the confirmation again (throttled), answer as for any existing email
      assertSendFrequency(deps, existing.confirmation_sent_at);
      await sendConfirmation(deps, existing.id, email, pkce, ctx.redirectTo);
    }
    return obfuscatedUserJson(email, ctx.aud, data, deps.now(), uuid());
  }

  const passwordHash = await hashPassword(password);
  const now = deps.now();
  const create = async (q: Parameters<typeof insertUser>[0], id?: string) => {
    const u = await insertUser(q, {
      id, email, passwordHash, aud: ctx.aud, role: 'authenticated', userMetadata: data,
      appMetadata: { provider: 'email', providers: ['email'] }, emailConfirmed: config.autoconfirm,
    }, now);
    await insertIdentity(q, u.id, 'email', u.id, { sub: u.id, email, email_verified: config.autoconfirm, phone_verified: false }, now);
    return u;
  };
  if (config.autoconfirm) {
    const id = uuid();
    return signIn(deps, id, 'password', ctx.meta, { before: async (q) => { await create(q, id); } });
  }
  takeEmailQuota(deps);
  const user = await deps.db.tx((c) => create(c));
  await sendConfirmation(deps, user.id, email, pkce, ctx.redirectTo);
  return userJson((await findFullUser(deps.db.pool, user.id))!);
}

export async function sendConfirmation(deps: AuthDeps, userId: string, email: string, pkce: ReturnType<typeof pkceParams>, redirectTo: string): Promise<void> {
  const t = await deps.db.tx(async (c) => {
    if (pkce) await createFlowState(c, deps, pkce, { userId, providerType: 'email', method: 'email/signup' });
    return issueEmailToken(c, deps, userId, 'confirmation_token', email, !!pkce);
  });
  await sendAuthMail(deps, 'confirmation', email, { link: verifyLink(deps, t.linkToken, 'signup', redirectTo), otp: t.otp, email });
}

async function anonymousSignIn(deps: AuthDeps, data: Record<string, unknown>, ctx: CallContext): Promise<TokenResponse> {
  if (!deps.config.anonymousEnabled) throw authError('anonymous_provider_disabled');
  if (!deps.limiter.take('anonymous', ctx.ipKey, deps.config.rateLimits.anonymousUsers)) throw authError('over_request_rate_limit');
  const id = uuid();
  return signIn(deps, id, 'anonymous', ctx.meta, { before: async (q) => {
    await insertUser(q, {
      id, email: null, passwordHash: null, aud: ctx.aud, role: 'authenticated', userMetadata: data, appMetadata: {},
      emailConfirmed: false, isAnonymous: true,
    }, deps.now());
  } });
}
