// Platform users: signup, password and refresh-token grants, logout, and turning a Bearer token
// (session JWT or personal access token) into a Principal.
import { secret, uuid } from '@powabase/core';
import { hashPassword, hashToken, signJwt, verifyJwt, verifyPassword } from '@powabase/keys';
import { raise } from '../errors.ts';
import { emit } from '../events.ts';
import type { Principal, User } from '../types.ts';
import { findUserByAccessToken } from '../store/access-tokens.ts';
import * as sessions from '../store/sessions.ts';
import * as users from '../store/users.ts';
import { isUniqueViolation } from '../store/sql.ts';
import type { Deps } from './deps.ts';
import { checkEmail, checkPassword } from './validate.ts';

export const PLATFORM_AUDIENCE = 'powabase-platform';
export const ACCESS_TOKEN_PREFIX = 'pbp_';

export interface Session {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  user: User;
}

// Compared against when the email is unknown, so a miss costs as much as a wrong password.
let dummyHash: Promise<string> | null = null;
const missHash = (cost: number) => (dummyHash ??= hashPassword(secret(16), cost));

/** Creates a platform user: the first always, later ones only when signups are allowed. */
export async function createUser(d: Deps, email: string, password: string, opts: { force?: boolean } = {}): Promise<User> {
  const e = checkEmail(email);
  checkPassword(d.config, password);
  const passwordHash = await hashPassword(password, d.config.bcryptCost);
  try {
    const { user, first } = await d.db.tx(async (c) => {
      await users.lockUsers(c);
      const first = (await users.countUsers(c)) === 0;
      if (!first && !d.config.allowSignup && !opts.force) throw raise('signup_disabled');
      if (await users.findUserByEmail(c, e)) throw raise('user_already_exists');
      return { user: await users.insertUser(c, { id: uuid(), email: e, passwordHash }), first };
    });
    emit(d.log, { event: 'user_signed_up', user_id: user.id, first });
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw raise('user_already_exists');
    throw err;
  }
}

export async function signup(d: Deps, email: string, password: string): Promise<Session> {
  return startSession(d, await createUser(d, email, password));
}

export async function passwordGrant(d: Deps, email: string, password: string): Promise<Session> {
  const found = await users.findUserByEmail(d.db, email.trim());
  const ok = await verifyPassword(password, found?.password_hash ?? (await missHash(d.config.bcryptCost)));
  if (!found || !ok) throw raise('invalid_credentials');
  const { password_hash: _, ...user } = found;
  return startSession(d, user);
}

export async function refreshGrant(d: Deps, refreshToken: string): Promise<Session> {
  const hash = hashToken(refreshToken);
  const next = secret(32);
  // A reused (already rotated) token ends its session: the delete must commit, so it is not thrown inside.
  const outcome = await d.db.tx(async (c) => {
    const row = await sessions.lockRefreshToken(c, hash);
    if (!row || row.expired) return { kind: 'invalid' as const };
    if (row.revoked) {
      await sessions.deleteSession(c, row.session_id);
      return { kind: 'reused' as const };
    }
    await sessions.revokeRefreshToken(c, hash);
    await sessions.insertRefreshToken(c, hashToken(next), row.session_id, d.config.refreshTokenTtlS);
    return { kind: 'ok' as const, sessionId: row.session_id, userId: row.user_id };
  });
  if (outcome.kind !== 'ok') throw raise('invalid_refresh_token');
  const user = await users.findUserById(d.db, outcome.userId);
  if (!user) throw raise('invalid_refresh_token');
  return sessionResponse(d, user, outcome.sessionId, next);
}

export async function logout(d: Deps, p: Principal): Promise<void> {
  if (p.sessionId) await sessions.deleteSession(d.db, p.sessionId);
}

/** The caller behind an `Authorization` header value; throws `unauthorized` otherwise. */
export async function authenticate(d: Deps, authorization: string | undefined): Promise<Principal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw raise('unauthorized');
  const token = m[1];
  if (token.startsWith(ACCESS_TOKEN_PREFIX)) {
    const user = await findUserByAccessToken(d.db, hashToken(token));
    if (!user) throw raise('unauthorized');
    return { user, via: 'access_token', sessionId: null };
  }
  const claims = await verifyJwt(d.config.jwtSecret, token).catch(() => null);
  if (!claims || claims.aud !== PLATFORM_AUDIENCE || typeof claims.sub !== 'string' || typeof claims.session_id !== 'string') {
    throw raise('unauthorized');
  }
  const user = await sessions.findSessionUser(d.db, claims.session_id, claims.sub).catch(() => null);
  if (!user) throw raise('unauthorized', 'Session expired or signed out');
  return { user, via: 'session', sessionId: claims.session_id };
}

async function startSession(d: Deps, user: User): Promise<Session> {
  const sessionId = uuid();
  const refresh = secret(32);
  await d.db.tx(async (c) => {
    await sessions.insertSession(c, sessionId, user.id);
    await sessions.insertRefreshToken(c, hashToken(refresh), sessionId, d.config.refreshTokenTtlS);
  });
  return sessionResponse(d, user, sessionId, refresh);
}

async function sessionResponse(d: Deps, user: User, sessionId: string, refreshToken: string): Promise<Session> {
  const ttl = d.config.accessTokenTtlS;
  const access = await signJwt(
    d.config.jwtSecret,
    { sub: user.id, email: user.email, session_id: sessionId, aud: PLATFORM_AUDIENCE, iss: 'powabase', role: 'authenticated' },
    { expiresInS: ttl },
  );
  return {
    access_token: access, refresh_token: refreshToken, token_type: 'bearer', expires_in: ttl,
    expires_at: Math.floor(Date.now() / 1000) + ttl, user,
  };
}
