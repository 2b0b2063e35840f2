// Admin API (service role): users CRUD with pagination, generate_link, invite. No mail is sent except by invite.
import { hashPassword } from '@powabase/keys';
import { authError, validation } from '../errors.ts';
import { clearTokens } from '../store/one-time-tokens.ts';
import { findFullUser, findUserByEmail, insertIdentity, insertUser } from '../store/users.ts';
import type { AuthDeps, FullUser, Queryable } from '../types.ts';
import { applyEmailChange } from './email-change.ts';
import { issueEmailToken, sendAuthMail, takeEmailQuota, verifyLink } from './email-tokens.ts';
import { normaliseEmail, obj, rawStr, str, UUID_RE } from './input.ts';
import { assertStrongPassword } from './password-policy.ts';
import { mergeMetadata } from './user-update.ts';
import { userJson } from './user-json.ts';

/** Go duration strings as GoTrue's ban_duration takes them ("24h", "1h30m", "90s"); "none" lifts a ban. */
export function parseBanDuration(s: string, now: Date): Date | null {
  if (s === 'none') return null;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) { total += Number(m[1]) * unit[m[2]]; consumed += m[0].length; }
  if (!s || consumed !== s.length) throw validation('invalid format for ban duration: time: invalid duration');
  return new Date(now.getTime() + total);
}

export function checkUserId(id: string): void {
  if (!UUID_RE.test(id)) throw validation('user_id must be an UUID', 404);
}

export async function getUser(deps: AuthDeps, id: string): Promise<FullUser> {
  checkUserId(id);
  const u = await findFullUser(deps.db.pool, id);
  if (!u) throw authError('user_not_found');
  return u;
}

export async function listUsers(deps: AuthDeps, page: number, perPage: number, aud: string): Promise<{ users: FullUser[]; total: number }> {
  const total = Number((await deps.db.query<{ n: string }>('select count(*) as n from auth.users where aud = $1', [aud])).rows[0].n);
  const ids = await deps.db.query<{ id: string }>(
    'select id from auth.users where aud = $1 order by created_at desc, id limit $2 offset $3', [aud, perPage, (page - 1) * perPage]);
  const users: FullUser[] = [];
  for (const r of ids.rows) users.push((await findFullUser(deps.db.pool, r.id))!);
  return { users, total };
}

async function passwordHashFrom(deps: AuthDeps, body: Record<string, unknown>): Promise<string | null> {
  const given = str(body.password_hash);
  if (given) {
    if (!/^\$2[aby]\$\d\d\$/.test(given)) throw validation('Invalid password hash: only bcrypt hashes are supported');
    return given;
  }
  if (body.password === undefined || body.password === null) return null;
  const password = rawStr(body.password);
  assertStrongPassword(deps.config, password);
  return hashPassword(password);
}

export async function createUser(deps: AuthDeps, body: Record<string, unknown>, aud: string): Promise<FullUser> {
  if (str(body.phone)) throw authError('phone_provider_disabled', 'Unsupported phone provider', { status: 400 });
  if (!str(body.email)) throw validation('Cannot create a user without either an email or phone');
  const email = normaliseEmail(str(body.email));
  if (await findUserByEmail(deps.db.pool, email, aud)) throw authError('email_exists');
  const id = str(body.id);
  if (id && !UUID_RE.test(id)) throw validation('id must be an UUID');
  const passwordHash = await passwordHashFrom(deps, body);
  const now = deps.now();
  const banned = str(body.ban_duration);
  const created = await deps.db.tx(async (c) => {
    const u = await insertUser(c, {
      id: id || undefined, email, passwordHash, aud, role: str(body.role) || 'authenticated',
      appMetadata: { provider: 'email', providers: ['email'], ...(obj(body.app_metadata) ?? {}) },
      userMetadata: obj(body.user_metadata) ?? {}, emailConfirmed: body.email_confirm === true,
      bannedUntil: banned ? parseBanDuration(banned, now) : null,
    }, now);
    await insertIdentity(c, u.id, 'email', u.id, { sub: u.id, email, email_verified: body.email_confirm === true, phone_verified: false }, now);
    return u;
  });
  return (await findFullUser(deps.db.pool, created.id))!;
}

export async function adminUpdateUser(deps: AuthDeps, id: string, body: Record<string, unknown>): Promise<FullUser> {
  const user = await getUser(deps, id);
  const passwordHash = await passwordHashFrom(deps, body);
  const now = deps.now();
  await deps.db.tx(async (c) => {
    const set: Record<string, unknown> = {};
    if (str(body.role)) set.role = str(body.role);
    if (passwordHash) set.encrypted_password = passwordHash;
    const um = obj(body.user_metadata);
    if (um) set.raw_user_meta_data = mergeMetadata(user.raw_user_meta_data, um);
    const am = obj(body.app_metadata);
    if (am) set.raw_app_meta_data = mergeMetadata(user.raw_app_meta_data, am);
    if (typeof body.ban_duration === 'string') set.banned_until = parseBanDuration(body.ban_duration, now);
    if (body.email_confirm === true && !user.email_confirmed_at) set.email_confirmed_at = now;
    const cols = Object.keys(set);
    if (cols.length) {
      await c.query(`update auth.users set ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = $${cols.length + 2} where id = $1`,
        [id, ...cols.map((k) => set[k]), now]);
    }
    if (set.banned_until) await c.query('delete from auth.sessions where user_id = $1', [id]);
    const email = str(body.email);
    if (email && normaliseEmail(email) !== user.email) {
      await applyEmailChange(c, deps, user, normaliseEmail(email));
      if (body.email_confirm === false) await c.query('update auth.users set email_confirmed_at = null where id = $1', [id]);
    }
  });
  return (await findFullUser(deps.db.pool, id))!;
}

export async function deleteUser(deps: AuthDeps, id: string, soft: boolean): Promise<void> {
  await getUser(deps, id);
  if (!soft) { await deps.db.query('delete from auth.users where id = $1', [id]); return; }
  await deps.db.tx(async (c) => {
    const now = deps.now();
    await c.query(`update auth.users set deleted_at = $2, email = null, phone = null, encrypted_password = '',
      raw_user_meta_data = '{}', raw_app_meta_data = '{}', updated_at = $2 where id = $1`, [id, now]);
    await c.query('delete from auth.identities where user_id = $1', [id]);
    await c.query('delete from auth.sessions where user_id = $1', [id]);
  });
}

type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change_current' | 'email_change_new';

/** POST /admin/generate_link: stores the token as the mail flow would, returns the link instead of mailing it. */
export async function generateLink(deps: AuthDeps, body: Record<string, unknown>, redirectTo: string, aud: string): Promise<Record<string, unknown>> {
  const type = str(body.type) as LinkType;
  if (!['signup', 'invite', 'magiclink', 'recovery', 'email_change_current', 'email_change_new'].includes(type)) {
    throw validation('Invalid email action link type requested');
  }
  const email = normaliseEmail(str(body.email));
  let user = await findUserByEmail(deps.db.pool, email, aud);
  const data = obj(body.data) ?? {};
  const now = deps.now();
  if (type === 'signup' || type === 'invite') {
    if (user && (user.email_confirmed_at || type === 'signup')) throw authError('email_exists');
    if (!user) {
      const passwordHash = type === 'signup' ? await passwordHashFrom(deps, body) : null;
      user = await deps.db.tx(async (c) => {
        const u = await insertUser(c, { email, passwordHash, aud, role: 'authenticated', appMetadata: { provider: 'email', providers: ['email'] }, userMetadata: data, emailConfirmed: false, invited: type === 'invite' }, now);
        await insertIdentity(c, u.id, 'email', u.id, { sub: u.id, email, email_verified: false, phone_verified: false }, now);
        return u;
      });
    }
  } else if (!user) {
    throw authError('user_not_found', 'User with this email not found');
  }
  const u = user;
  const issued = await deps.db.tx(async (c: Queryable) => {
    if (type === 'signup' || type === 'invite') return { t: await issueEmailToken(c, deps, u.id, 'confirmation_token', email, false), vt: type };
    if (type === 'magiclink' || type === 'recovery') return { t: await issueEmailToken(c, deps, u.id, 'recovery_token', email, false), vt: type };
    const newEmail = normaliseEmail(str(body.new_email));
    if (await findUserByEmail(c, newEmail, aud)) throw authError('email_exists');
    await c.query('update auth.users set email_change = $2, email_change_confirm_status = 0 where id = $1', [u.id, newEmail]);
    const tNew = await issueEmailToken(c, deps, u.id, 'email_change_token_new', newEmail, false);
    const tCur = await issueEmailToken(c, deps, u.id, 'email_change_token_current', email, false);
    if (!deps.config.secureEmailChange) await clearTokens(c, u.id, ['email_change_token_current']);
    return { t: type === 'email_change_new' ? tNew : tCur, vt: 'email_change' };
  });
  const full = (await findFullUser(deps.db.pool, u.id))!;
  return {
    ...userJson(full),
    action_link: verifyLink(deps, issued.t.linkToken, issued.vt as never, redirectTo),
    email_otp: issued.t.otp,
    hashed_token: issued.t.hash,
    verification_type: issued.vt,
    redirect_to: redirectTo,
  };
}

export async function invite(deps: AuthDeps, body: Record<string, unknown>, redirectTo: string, aud: string): Promise<FullUser> {
  const email = normaliseEmail(str(body.email));
  let user = await findUserByEmail(deps.db.pool, email, aud);
  if (user?.email_confirmed_at) throw authError('email_exists');
  takeEmailQuota(deps);
  const now = deps.now();
  const data = obj(body.data) ?? {};
  const t = await deps.db.tx(async (c) => {
    if (!user) {
      user = await insertUser(c, { email, passwordHash: null, aud, role: 'authenticated', appMetadata: { provider: 'email', providers: ['email'] }, userMetadata: data, emailConfirmed: false, invited: true }, now);
      await insertIdentity(c, user.id, 'email', user.id, { sub: user.id, email, email_verified: false, phone_verified: false }, now);
    } else {
      await c.query('update auth.users set invited_at = $2 where id = $1', [user.id, now]);
    }
    return issueEmailToken(c, deps, user.id, 'confirmation_token', email, false);
  });
  await sendAuthMail(deps, 'invite', email, { link: verifyLink(deps, t.linkToken, 'invite', redirectTo), otp: t.otp, email });
  return (await findFullUser(deps.db.pool, user!.id))!;
}
