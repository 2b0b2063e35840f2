// SQL for auth.users and auth.identities. Emails are stored lower-cased, as GoTrue compares them.
import { uuid } from '@powabase/core';
import type { FactorRow, FullUser, IdentityRow, Queryable, UserRow } from '../types.ts';

/**
 * Selects a user row with its identities and factors as JSON (GoTrue's user object needs all three).
 * migrations/0002 (the refresh rotation) builds the same two arrays: change both together.
 */
export const FULL_USER_COLUMNS = `u.*,
  coalesce((select json_agg(i order by i.created_at) from auth.identities i where i.user_id = u.id), '[]') as identities,
  coalesce((select json_agg(json_build_object('id', f.id, 'user_id', f.user_id, 'friendly_name', f.friendly_name,
    'factor_type', f.factor_type, 'status', f.status, 'created_at', f.created_at, 'updated_at', f.updated_at,
    'phone', f.phone, 'last_challenged_at', f.last_challenged_at) order by f.created_at)
    from auth.mfa_factors f where f.user_id = u.id), '[]') as factors`;
const FULL = `select ${FULL_USER_COLUMNS} from auth.users u`;

export async function findFullUser(q: Queryable, id: string): Promise<FullUser | null> {
  return (await q.query<FullUser>(`${FULL} where u.id = $1`, [id])).rows[0] ?? null;
}

export async function findUserById(q: Queryable, id: string, forUpdate = false): Promise<UserRow | null> {
  return (await q.query<UserRow>(`select * from auth.users where id = $1${forUpdate ? ' for update' : ''}`, [id])).rows[0] ?? null;
}

export async function findUserByEmail(q: Queryable, email: string, aud: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(
    'select * from auth.users where lower(email) = $1 and aud = $2 and is_sso_user = false limit 1', [email.toLowerCase(), aud]);
  return r.rows[0] ?? null;
}

export interface NewUser {
  id?: string;
  email: string | null;
  phone?: string | null;
  passwordHash: string | null;
  aud: string;
  role: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  emailConfirmed: boolean;
  phoneConfirmed?: boolean;
  isAnonymous?: boolean;
  invited?: boolean;
  bannedUntil?: Date | null;
}

export async function insertUser(q: Queryable, u: NewUser, now: Date): Promise<UserRow> {
  const r = await q.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data, raw_user_meta_data,
       email_confirmed_at, phone_confirmed_at, invited_at, is_anonymous, banned_until, created_at, updated_at, is_super_admin, is_sso_user)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, false, false)
     returning *`,
    [u.id ?? uuid(), u.aud, u.role, u.email?.toLowerCase() ?? null, u.phone || null, u.passwordHash ?? '',
      u.appMetadata, u.userMetadata, u.emailConfirmed ? now : null, u.phoneConfirmed ? now : null, u.invited ? now : null,
      u.isAnonymous ?? false, u.bannedUntil ?? null, now],
  );
  return r.rows[0];
}

/** Updates the given columns (names are chosen by this service, never by a caller) and returns the row. */
export async function updateUser(q: Queryable, id: string, fields: Record<string, unknown>, now: Date): Promise<UserRow> {
  const cols = Object.keys(fields);
  const sets = cols.map((c, i) => `${c} = $${i + 2}`);
  sets.push(`updated_at = $${cols.length + 2}`);
  const r = await q.query<UserRow>(`update auth.users set ${sets.join(', ')} where id = $1 returning *`, [id, ...cols.map((c) => fields[c]), now]);
  return r.rows[0];
}

export async function insertIdentity(
  q: Queryable, userId: string, provider: string, providerId: string, data: Record<string, unknown>, now: Date,
): Promise<IdentityRow> {
  const r = await q.query<IdentityRow>(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6, $6) returning *`,
    [uuid(), providerId, userId, data, provider, now],
  );
  return r.rows[0];
}

export async function findIdentity(q: Queryable, provider: string, providerId: string): Promise<IdentityRow | null> {
  return (await q.query<IdentityRow>('select * from auth.identities where provider = $1 and provider_id = $2', [provider, providerId])).rows[0] ?? null;
}

/** Sets identity_data keys of a user's identity of `provider` (e.g. email_verified after confirmation). */
export async function patchIdentityData(q: Queryable, userId: string, provider: string, patch: Record<string, unknown>, now: Date): Promise<void> {
  await q.query(
    'update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = $4 where user_id = $1 and provider = $2',
    [userId, provider, JSON.stringify(patch), now],
  );
}

export async function touchSignIn(q: Queryable, userId: string, provider: string | null, now: Date): Promise<void> {
  await q.query('update auth.users set last_sign_in_at = $2, updated_at = $2 where id = $1', [userId, now]);
  if (provider) await q.query('update auth.identities set last_sign_in_at = $3 where user_id = $1 and provider = $2', [userId, provider, now]);
}

export type { FactorRow };
