// /verify (GET link and POST code/hash): finds the email token, checks expiry, applies what it confirms
// (signup, invite, magic link, recovery, email change) and yields a session, a PKCE auth code, or the
// "first half accepted" message of a secure email change.
import { authError, validation } from '../errors.ts';
import { tokenHash } from '../crypto.ts';
import { clearTokens, findTokens, SENT_AT, type TokenSlot } from '../store/one-time-tokens.ts';
import { findUserById } from '../store/users.ts';
import type { AuthDeps, Queryable, RequestMeta, UserRow } from '../types.ts';
import { applyEmailChange } from './email-change.ts';
import { issueAuthCode, latestFlowState } from './pkce.ts';
import { signIn, type TokenResponse } from './tokens.ts';

export type VerifyOutcome =
  | { kind: 'session'; res: TokenResponse; type: string }
  | { kind: 'code'; code: string; type: string }
  | { kind: 'message'; msg: string };

const SLOTS: Record<string, TokenSlot[]> = {
  signup: ['confirmation_token'],
  invite: ['confirmation_token'],
  magiclink: ['recovery_token'],
  recovery: ['recovery_token'],
  email_change: ['email_change_token_new', 'email_change_token_current'],
  email: ['confirmation_token', 'recovery_token'],
};

/** authentication_method a PKCE flow of each verification records (GoTrue's names). */
const PKCE_METHOD: Record<string, string> = {
  signup: 'email/signup', invite: 'invite', magiclink: 'magiclink', recovery: 'recovery', email_change: 'email_change',
};

export const EMAIL_CHANGE_HALF_MSG = 'Confirmation link accepted. Please proceed to confirm link sent to the other email';

export interface VerifyInput { type: string; token?: string; tokenHash?: string; email?: string; phone?: string }

export async function verify(deps: AuthDeps, input: VerifyInput, meta: RequestMeta): Promise<VerifyOutcome> {
  const slots = SLOTS[input.type];
  if (!input.type) throw validation('Verify requires a verification type');
  if (input.type === 'sms' || input.type === 'phone_change') throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
  if (!slots) throw validation(`Verify requires a verification type`);
  let hash: string;
  let pkce = false;
  let address: string | undefined;
  if (input.tokenHash) {
    if (input.token) throw validation('Only the token_hash and type should be provided');
    pkce = input.tokenHash.startsWith('pkce_');
    hash = pkce ? input.tokenHash.slice(5) : input.tokenHash;
  } else if (input.token) {
    if (input.phone) throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
    if (!input.email) throw validation('Only an email address or phone number should be provided on verify');
    address = input.email.trim().toLowerCase();
    hash = tokenHash(address, input.token.trim());
  } else {
    throw validation('Verify requires either a token or a token hash');
  }

  const done = await deps.db.tx(async (c) => {
    const match = (await findTokens(c, hash, slots, address))[0];
    if (!match) throw authError('otp_expired');
    const user = await findUserById(c, match.user_id, true);
    const sentAt = user?.[SENT_AT[match.token_type] as keyof UserRow] as Date | null | undefined;
    if (!user || user[match.token_type] !== hash || !sentAt || sentAt.getTime() + deps.config.otp.expiryS * 1000 < deps.now().getTime()) {
      throw authError('otp_expired');
    }
    const type = input.type === 'email' ? (match.token_type === 'confirmation_token' ? 'signup' : 'magiclink') : input.type;
    return apply(c, deps, user, match.token_type, type, pkce);
  });
  if ('msg' in done) return { kind: 'message', msg: done.msg };
  if (done.code) return { kind: 'code', code: done.code, type: done.type };
  return { kind: 'session', res: await signIn(deps, done.userId, 'otp', meta), type: done.type };
}

type Applied = { msg: string } | { userId: string; type: string; code?: string };

async function apply(c: Queryable, deps: AuthDeps, user: UserRow, slot: TokenSlot, type: string, pkce: boolean): Promise<Applied> {
  const now = deps.now();
  if (slot === 'email_change_token_new' || slot === 'email_change_token_current') {
    const other: TokenSlot = slot === 'email_change_token_new' ? 'email_change_token_current' : 'email_change_token_new';
    if (deps.config.secureEmailChange && (user.email_change_confirm_status ?? 0) === 0 && user.email && user[other]) {
      await clearTokens(c, user.id, [slot]);
      await c.query('update auth.users set email_change_confirm_status = 1, updated_at = $2 where id = $1', [user.id, now]);
      return { msg: EMAIL_CHANGE_HALF_MSG };
    }
    await applyEmailChange(c, deps, user, user.email_change ?? '');
  } else {
    await clearTokens(c, user.id, [slot]);
    await c.query('update auth.users set email_confirmed_at = coalesce(email_confirmed_at, $2), updated_at = $2 where id = $1', [user.id, now]);
    await c.query(
      `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = $2
       where user_id = $1 and provider = 'email'`, [user.id, now]);
  }
  if (pkce) {
    const flow = await latestFlowState(c, user.id, PKCE_METHOD[type]);
    if (!flow) throw authError('flow_state_not_found');
    return { userId: user.id, type, code: await issueAuthCode(c, deps, flow.id) };
  }
  return { userId: user.id, type };
}
