// Applying a confirmed email change: the new address becomes the user's (and the email identity's), an
// anonymous user becomes a permanent one. Shared by /verify, autoconfirmed PUT /user and admin updates.
import { authError } from '../errors.ts';
import { clearTokens } from '../store/one-time-tokens.ts';
import { insertIdentity } from '../store/users.ts';
import type { AuthDeps, Queryable, UserRow } from '../types.ts';

export async function applyEmailChange(c: Queryable, deps: AuthDeps, user: UserRow, newEmail: string): Promise<void> {
  const now = deps.now();
  if (!newEmail) throw authError('otp_expired');
  const taken = await c.query('select 1 from auth.users where lower(email) = $1 and id <> $2 and is_sso_user = false', [newEmail, user.id]);
  if (taken.rowCount) throw authError('email_exists');
  await clearTokens(c, user.id, ['email_change_token_new', 'email_change_token_current']);
  const app = { ...(user.raw_app_meta_data ?? {}) } as Record<string, unknown>;
  const providers = Array.isArray(app.providers) ? (app.providers as string[]) : [];
  if (!app.provider) app.provider = 'email';
  if (!providers.includes('email')) app.providers = [...providers, 'email'];
  await c.query(
    `update auth.users set email = $2, email_change = '', email_change_confirm_status = 0, email_confirmed_at = $3,
       is_anonymous = false, raw_app_meta_data = $4, updated_at = $3 where id = $1`,
    [user.id, newEmail, now, app],
  );
  const ident = await c.query<{ id: string }>("select id from auth.identities where user_id = $1 and provider = 'email'", [user.id]);
  if (ident.rowCount) {
    await c.query(
      `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', true), updated_at = $3
       where id = $1`, [ident.rows[0].id, newEmail, now]);
  } else {
    await insertIdentity(c, user.id, 'email', user.id, { sub: user.id, email: newEmail, email_verified: true, phone_verified: false }, now);
  }
}
