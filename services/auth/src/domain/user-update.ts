// PUT /user: metadata merge, password change (policy, same-password, aal2 with MFA, optional nonce; other
// sessions revoked), email change (double confirmation mail, or immediate with autoconfirm).
import { hashPassword, verifyPassword } from '@powabase/keys';
import { authError, validation } from '../errors.ts';
import { tokenHash } from '../crypto.ts';
import { clearTokens } from '../store/one-time-tokens.ts';
import { findFullUser, findUserById } from '../store/users.ts';
import type { AuthDeps, FullUser, UserRow } from '../types.ts';
import { applyEmailChange } from './email-change.ts';
import { assertSendFrequency, issueEmailToken, sendAuthMail, takeEmailQuota, verifyLink } from './email-tokens.ts';
import { normaliseEmail, obj, rawStr, str } from './input.ts';
import { assertStrongPassword } from './password-policy.ts';
import { createFlowState, pkceParams } from './pkce.ts';

export interface Caller { userId: string; sessionId: string | null; aal: string; isAdmin: boolean }

export function mergeMetadata(old: Record<string, unknown> | null, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...(old ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export async function updateUser(deps: AuthDeps, caller: Caller, body: Record<string, unknown>, redirectTo: string): Promise<FullUser> {
  const { config } = deps;
  const user = (await findFullUser(deps.db.pool, caller.userId))!;
  const password = body.password === undefined || body.password === null ? null : rawStr(body.password);
  const emailIn = str(body.email);
  if (str(body.phone)) throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
  const hasVerifiedFactor = user.factors.some((f) => f.status === 'verified');
  if ((password !== null || emailIn) && hasVerifiedFactor && caller.aal !== 'aal2') throw authError('insufficient_aal');
  if (body.app_metadata !== undefined && !caller.isAdmin) throw authError('not_admin', 'Updating app_metadata requires admin privileges');

  let passwordHash: string | null = null;
  if (password !== null) {
    if (user.is_anonymous && !user.email && !emailIn) throw validation('Updating password of an anonymous user without an email or phone is not allowed', 422);
    assertStrongPassword(config, password);
    if (user.encrypted_password && (await verifyPassword(password, user.encrypted_password).catch(() => false))) throw authError('same_password');
    const nonce = str(body.nonce);
    if (config.updatePasswordRequireReauth && !nonce) throw authError('reauthentication_needed');
    if (nonce) checkNonce(deps, user, nonce);
    passwordHash = await hashPassword(password);
  }
  const data = obj(body.data);
  const newEmail = emailIn ? normaliseEmail(emailIn) : null;
  const emailChanges = newEmail !== null && newEmail !== user.email;
  if (emailChanges) {
    const taken = await deps.db.query('select 1 from auth.users where lower(email) = $1 and id <> $2 and is_sso_user = false', [newEmail, user.id]);
    if (taken.rowCount) throw authError('email_exists');
    if (!config.autoconfirm) { assertSendFrequency(deps, user.email_change_sent_at); takeEmailQuota(deps); }
  }

  await deps.db.tx(async (c) => {
    const now = deps.now();
    const locked = (await findUserById(c, user.id, true))!;
    if (data) await c.query('update auth.users set raw_user_meta_data = $2, updated_at = $3 where id = $1', [user.id, mergeMetadata(locked.raw_user_meta_data, data), now]);
    const appMeta = obj(body.app_metadata);
    if (appMeta && caller.isAdmin) await c.query('update auth.users set raw_app_meta_data = $2, updated_at = $3 where id = $1', [user.id, mergeMetadata(locked.raw_app_meta_data, appMeta), now]);
    if (passwordHash) {
      await c.query('update auth.users set encrypted_password = $2, updated_at = $3 where id = $1', [user.id, passwordHash, now]);
      await clearTokens(c, user.id, ['reauthentication_token']);
      if (caller.sessionId) await c.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, caller.sessionId]);
    }
    if (emailChanges && config.autoconfirm) await applyEmailChange(c, deps, locked, newEmail!);
  });
  if (emailChanges && !config.autoconfirm) {
    const fresh = (await findUserById(deps.db.pool, user.id))!;
    await sendEmailChangeMails(deps, fresh, newEmail!, pkceParams(body), redirectTo);
  }
  return (await findFullUser(deps.db.pool, user.id))!;
}

function checkNonce(deps: AuthDeps, user: UserRow, nonce: string): void {
  const sent = user.reauthentication_sent_at;
  const ok = !!user.email && !!user.reauthentication_token && user.reauthentication_token === tokenHash(user.email, nonce)
    && !!sent && sent.getTime() + deps.config.otp.expiryS * 1000 > deps.now().getTime();
  if (!ok) throw authError('reauthentication_not_valid');
}

/** Stores the new address and its tokens, then mails the new address (and the current one when secure). */
export async function sendEmailChangeMails(deps: AuthDeps, user: UserRow, newEmail: string, pkce: ReturnType<typeof pkceParams>, redirectTo: string): Promise<void> {
  const secure = deps.config.secureEmailChange && !!user.email;
  const t = await deps.db.tx(async (c) => {
    await c.query('update auth.users set email_change = $2, email_change_confirm_status = 0 where id = $1', [user.id, newEmail]);
    if (pkce) await createFlowState(c, deps, pkce, { userId: user.id, providerType: 'email', method: 'email_change' });
    const toNew = await issueEmailToken(c, deps, user.id, 'email_change_token_new', newEmail, !!pkce);
    const toCurrent = secure ? await issueEmailToken(c, deps, user.id, 'email_change_token_current', user.email!, !!pkce) : null;
    if (!secure) await clearTokens(c, user.id, ['email_change_token_current']);
    return { toNew, toCurrent };
  });
  const vars = { email: user.email ?? '', newEmail };
  await sendAuthMail(deps, 'email_change', newEmail, { ...vars, link: verifyLink(deps, t.toNew.linkToken, 'email_change', redirectTo), otp: t.toNew.otp });
  if (t.toCurrent) {
    await sendAuthMail(deps, 'email_change', user.email!, { ...vars, link: verifyLink(deps, t.toCurrent.linkToken, 'email_change', redirectTo), otp: t.toCurrent.otp });
  }
}
