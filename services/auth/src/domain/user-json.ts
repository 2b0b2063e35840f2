// GoTrue's JSON shapes for users, identities and factors: empty strings for missing email/phone, null
// timestamps omitted, `identities` always present, `factors` only when there are some.
import type { FactorRow, FullUser, IdentityRow, UserRow } from '../types.ts';

export const iso = (v: Date | string | null | undefined): string | undefined =>
  v === null || v === undefined ? undefined : new Date(v).toISOString();

export function identityJson(i: IdentityRow): Record<string, unknown> {
  return {
    identity_id: i.id,
    id: i.provider_id,
    user_id: i.user_id,
    identity_data: i.identity_data,
    provider: i.provider,
    last_sign_in_at: iso(i.last_sign_in_at),
    created_at: iso(i.created_at),
    updated_at: iso(i.updated_at),
    email: i.email ?? undefined,
  };
}

export function factorJson(f: FactorRow): Record<string, unknown> {
  return {
    id: f.id,
    friendly_name: f.friendly_name ?? '',
    factor_type: f.factor_type,
    status: f.status,
    created_at: iso(f.created_at),
    updated_at: iso(f.updated_at),
    last_challenged_at: iso(f.last_challenged_at) ?? null,
    phone: f.phone ?? '',
  };
}

export function userJson(u: UserRow & Partial<Pick<FullUser, 'identities' | 'factors'>>): Record<string, unknown> {
  const factors = (u.factors ?? []).map(factorJson);
  const out: Record<string, unknown> = {
    id: u.id,
    aud: u.aud ?? '',
    role: u.role ?? '',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    new_phone: u.phone_change || undefined,
    phone_change_sent_at: iso(u.phone_change_sent_at),
    reauthentication_sent_at: iso(u.reauthentication_sent_at),
    invited_at: iso(u.invited_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: (u.identities ?? []).map(identityJson),
    factors: factors.length ? factors : undefined,
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: iso(u.banned_until),
    deleted_at: iso(u.deleted_at),
    is_anonymous: u.is_anonymous,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The fake user GoTrue answers for a signup with an already-registered email (no account enumeration). */
export function obfuscatedUserJson(email: string, aud: string, data: Record<string, unknown>, now: Date, id: string): Record<string, unknown> {
  const t = now.toISOString();
  return {
    id, aud, role: '', email, phone: '', confirmation_sent_at: t,
    app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: data,
    identities: [], created_at: t, updated_at: t, is_anonymous: false,
  };
}

export const isBanned = (u: UserRow, now: Date): boolean => !!u.banned_until && u.banned_until.getTime() > now.getTime();
