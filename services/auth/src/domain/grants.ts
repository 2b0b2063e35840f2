// POST /token grants other than refresh_token: password and pkce. (refresh_token: tokens.ts; id_token: oauth.)
import { hashPassword, verifyPassword } from '@powabase/keys';
import { authError, validation } from '../errors.ts';
import { findUserByEmail } from '../store/users.ts';
import type { AuthDeps, RequestMeta } from '../types.ts';
import { rawStr, str } from './input.ts';
import { checkPassword } from './password-policy.ts';
import { consumeFlowState } from './pkce.ts';
import { signIn, type TokenResponse } from './tokens.ts';
import { isBanned } from './user-json.ts';

// Compared against when the user is unknown, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;

export async function passwordGrant(deps: AuthDeps, body: Record<string, unknown>, meta: RequestMeta, aud: string): Promise<TokenResponse> {
  const email = str(body.email).toLowerCase();
  const phone = str(body.phone);
  const password = rawStr(body.password);
  if (!email && !phone) throw validation('missing email or phone');
  if (phone && !email) throw authError('phone_provider_disabled', 'Phone logins are disabled', { status: 400 });
  if (!deps.config.emailEnabled) throw authError('email_provider_disabled', 'Email logins are disabled', { status: 400 });
  const user = await findUserByEmail(deps.db.pool, email, aud);
  if (!user || !user.encrypted_password) {
    dummyHash ??= hashPassword('powabase-dummy-password');
    await verifyPassword(password, await dummyHash);
    throw authError('invalid_credentials');
  }
  if (!(await verifyPassword(password, user.encrypted_password).catch(() => false))) throw authError('invalid_credentials');
  if (isBanned(user, deps.now())) throw authError('user_banned', undefined, { status: 400 });
  if (!user.email_confirmed_at && !deps.config.autoconfirm) throw authError('email_not_confirmed');
  const res = await signIn(deps, user.id, 'password', meta, { provider: 'email' });
  const weak = checkPassword(deps.config, password);
  if (weak) res.weak_password = weak;
  return res;
}

export async function pkceGrant(deps: AuthDeps, body: Record<string, unknown>, meta: RequestMeta): Promise<TokenResponse> {
  const authCode = str(body.auth_code);
  const verifier = str(body.code_verifier);
  if (!authCode || !verifier) throw validation('invalid request: both auth code and code verifier should be non-empty');
  let provider: { token: string | null; refresh: string | null } = { token: null, refresh: null };
  let userId = '';
  let method = '';
  await deps.db.tx(async (c) => {
    const f = await consumeFlowState(c, deps, authCode, verifier);
    provider = { token: f.provider_access_token, refresh: f.provider_refresh_token };
    userId = f.user_id!;
    method = f.authentication_method;
  });
  const res = await signIn(deps, userId, method, meta);
  if (provider.token) res.provider_token = provider.token;
  if (provider.refresh) res.provider_refresh_token = provider.refresh;
  return res;
}
