// Mail-sending flows without a session: POST /otp (magic link + code), /recover, /resend; and
// GET /reauthenticate for a signed-in user. Unknown emails get the same answer as known ones.
import { authError, validation } from '../errors.ts';
import { findUserByEmail, insertIdentity, insertUser } from '../store/users.ts';
import type { AuthDeps, UserRow } from '../types.ts';
import { assertSendFrequency, issueEmailToken, sendAuthMail, takeEmailQuota, verifyLink } from './email-tokens.ts';
import { sendEmailChangeMails } from './user-update.ts';
import { normaliseEmail, obj, str } from './input.ts';
import { createFlowState, pkceParams } from './pkce.ts';
import { sendConfirmation, type CallContext } from './signup.ts';

export async function otp(deps: AuthDeps, body: Record<string, unknown>, ctx: CallContext): Promise<Record<string, never>> {
  if (str(body.phone)) throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
  if (!str(body.email)) throw validation('An email address or phone number is required');
  if (!deps.config.emailEnabled) throw authError('email_provider_disabled', 'Email logins are disabled');
  const email = normaliseEmail(str(body.email));
  const pkce = pkceParams(body);
  const createUser = body.create_user !== false;
  let user = await findUserByEmail(deps.db.pool, email, ctx.aud);
  if (!user) {
    if (!createUser) throw authError('otp_disabled');
    if (deps.config.disableSignup) throw authError('signup_disabled');
    takeEmailQuota(deps);
    const now = deps.now();
    user = await deps.db.tx(async (c) => {
      const u = await insertUser(c, {
        email, passwordHash: null, aud: ctx.aud, role: 'authenticated', userMetadata: obj(body.data) ?? {},
        appMetadata: { provider: 'email', providers: ['email'] }, emailConfirmed: false,
      }, now);
      await insertIdentity(c, u.id, 'email', u.id, { sub: u.id, email, email_verified: false, phone_verified: false }, now);
      return u;
    });
    await sendConfirmation(deps, user.id, email, pkce, ctx.redirectTo);
    return {};
  }
  if (!user.email_confirmed_at) {
    assertSendFrequency(deps, user.confirmation_sent_at);
    takeEmailQuota(deps);
    await sendConfirmation(deps, user.id, email, pkce, ctx.redirectTo);
    return {};
  }
  await sendRecoveryLike(deps, user, 'magiclink', pkce, ctx.redirectTo);
  return {};
}

/** Magic link and recovery share GoTrue's recovery_token slot (and its recovery_sent_at throttle). */
async function sendRecoveryLike(deps: AuthDeps, user: UserRow, kind: 'magiclink' | 'recovery', pkce: ReturnType<typeof pkceParams>, redirectTo: string): Promise<void> {
  assertSendFrequency(deps, user.recovery_sent_at);
  takeEmailQuota(deps);
  const email = user.email!;
  const t = await deps.db.tx(async (c) => {
    if (pkce) await createFlowState(c, deps, pkce, { userId: user.id, providerType: kind, method: kind });
    return issueEmailToken(c, deps, user.id, 'recovery_token', email, !!pkce);
  });
  await sendAuthMail(deps, kind, email, { link: verifyLink(deps, t.linkToken, kind, redirectTo), otp: t.otp, email });
}

export async function recover(deps: AuthDeps, body: Record<string, unknown>, ctx: CallContext): Promise<Record<string, never>> {
  if (!str(body.email)) throw validation('Password recovery requires an email');
  const email = normaliseEmail(str(body.email));
  const pkce = pkceParams(body);
  const user = await findUserByEmail(deps.db.pool, email, ctx.aud);
  if (!user) return {};
  await sendRecoveryLike(deps, user, 'recovery', pkce, ctx.redirectTo);
  return {};
}

export async function resend(deps: AuthDeps, body: Record<string, unknown>, ctx: CallContext): Promise<Record<string, never>> {
  const type = str(body.type);
  if (!['signup', 'email_change', 'sms', 'phone_change'].includes(type)) {
    throw validation('Missing one of these types: signup, email_change, sms, phone_change');
  }
  if (type === 'sms' || type === 'phone_change') throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
  if (!str(body.email)) throw validation('Type provided requires an email address');
  const email = normaliseEmail(str(body.email));
  const pkce = pkceParams(body);
  const user = await findUserByEmail(deps.db.pool, email, ctx.aud);
  if (!user) return {};
  if (type === 'signup') {
    if (user.email_confirmed_at) return {};
    assertSendFrequency(deps, user.confirmation_sent_at);
    takeEmailQuota(deps);
    await sendConfirmation(deps, user.id, email, pkce, ctx.redirectTo);
  } else if (user.email_change) {
    assertSendFrequency(deps, user.email_change_sent_at);
    takeEmailQuota(deps);
    await sendEmailChangeMails(deps, user, user.email_change, pkce, ctx.redirectTo);
  }
  return {};
}

export async function reauthenticate(deps: AuthDeps, user: UserRow): Promise<Record<string, never>> {
  if (!user.email) throw validation('Reauthentication requires the user to have an email or a phone number', 422);
  if (!user.email_confirmed_at) throw authError('email_not_confirmed', 'Please verify your email first.');
  assertSendFrequency(deps, user.reauthentication_sent_at);
  takeEmailQuota(deps);
  const email = user.email;
  const t = await deps.db.tx((c) => issueEmailToken(c, deps, user.id, 'reauthentication_token', email, false));
  await sendAuthMail(deps, 'reauthentication', email, { link: '', otp: t.otp, email });
  return {};
}
