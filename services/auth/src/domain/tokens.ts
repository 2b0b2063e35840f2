// Sessions and tokens: a new session per sign-in, the access JWT (HS256, project secret) with GoTrue's
// claims, and the refresh_token grant with rotation, reuse detection and the reuse interval.
import { signJwt } from '@powabase/keys';
import { authError, oauthError } from '../errors.ts';
import { findFullUser, FULL_USER_COLUMNS } from '../store/users.ts';
import { insertSession, type AmrEntry } from '../store/sessions.ts';
import { newRefreshToken } from '../crypto.ts';
import type { AuthDeps, FullUser, Queryable, RequestMeta } from '../types.ts';
import { isBanned, userJson } from './user-json.ts';

export interface SessionTokens {
  sessionId: string;
  refreshToken: string;
  aal: string;
  amr: AmrEntry[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  provider_token?: string;
  provider_refresh_token?: string;
  weak_password?: { reasons: string[]; message: string };
}

export async function signAccessToken(deps: AuthDeps, user: FullUser, s: SessionTokens): Promise<{ token: string; iat: number; exp: number }> {
  const iat = Math.floor(deps.now().getTime() / 1000);
  const exp = iat + deps.config.jwtExpiry;
  const token = await signJwt(deps.project.jwtSecret, {
    iss: deps.config.externalUrl,
    sub: user.id,
    aud: user.aud ?? deps.config.jwtAud,
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: s.aal,
    amr: s.amr,
    session_id: s.sessionId,
    is_anonymous: user.is_anonymous,
  });
  return { token, iat, exp };
}

export async function tokenResponse(deps: AuthDeps, user: FullUser, s: SessionTokens): Promise<TokenResponse> {
  const { token, exp } = await signAccessToken(deps, user, s);
  return {
    access_token: token, token_type: 'bearer', expires_in: deps.config.jwtExpiry, expires_at: exp,
    refresh_token: s.refreshToken, user: userJson(user),
  };
}

/** Inside a transaction: a new aal1 session for `userId`, with its first refresh token and AMR claim. */
export async function createSession(q: Queryable, deps: AuthDeps, userId: string, method: string, meta: RequestMeta | null): Promise<SessionTokens> {
  const now = deps.now();
  const { sessionId, refreshToken } = await insertSession(q, userId, method, now, meta);
  return { sessionId, refreshToken, aal: 'aal1', amr: [{ method, timestamp: Math.floor(now.getTime() / 1000) }] };
}

/** Signs the user in: a session in one short transaction, then the token response. */
export async function signIn(deps: AuthDeps, userId: string, method: string, meta: RequestMeta | null,
  before?: (q: Queryable) => Promise<void>): Promise<TokenResponse> {
  const { user, s } = await deps.db.tx(async (c) => {
    if (before) await before(c);
    await c.query('update auth.users set last_sign_in_at = $2, updated_at = $2 where id = $1', [userId, deps.now()]);
    const s = await createSession(c, deps, userId, method, meta);
    const user = await findFullUser(c, userId);
    return { user: user!, s };
  });
  return tokenResponse(deps, user, s);
}

interface TokenLookup {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  s_id: string;
  aal: string | null;
  not_after: Date | null;
  banned_until: Date | null;
}

type RefreshOutcome = { ok: true; user: FullUser; s: SessionTokens } | { ok: false; error: Error };

/**
 * The refresh_token grant, as GoTrue's RefreshTokenGrant (rotation, parent-of-active reuse, reuse interval).
 * The token and its session are locked together, so concurrent refreshes of one session are serialised.
 */
export async function refreshGrant(deps: AuthDeps, refreshToken: string | undefined): Promise<TokenResponse> {
  if (!refreshToken) throw oauthError('invalid_request', 'refresh_token required');
  const { config } = deps;
  const out = await deps.db.tx<RefreshOutcome>(async (c) => {
    const now = deps.now();
    const t = (await c.query<TokenLookup>(
      `select rt.id, rt.token, rt.user_id, rt.revoked, rt.updated_at, s.id as s_id, s.aal, s.not_after, u.banned_until
       from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id join auth.users u on u.id = s.user_id
       where rt.token = $1 for update of rt, s`, [refreshToken])).rows[0];
    if (!t) {
      const orphan = await c.query('select 1 from auth.refresh_tokens where token = $1', [refreshToken]);
      return { ok: false, error: orphan.rowCount
        ? authError('session_not_found', 'Invalid Refresh Token: No Valid Session Found', { status: 400 })
        : authError('refresh_token_not_found') };
    }
    if (isBanned({ banned_until: t.banned_until } as never, now)) return { ok: false, error: authError('user_banned', 'Invalid Refresh Token: User Banned', { status: 400 }) };
    if (t.not_after && t.not_after.getTime() < now.getTime()) return { ok: false, error: authError('session_expired') };

    let issued: string | null = null;
    let handBack = false;
    if (t.revoked) {
      const active = (await c.query<{ token: string; parent: string | null }>(
        'select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1', [t.s_id])).rows[0];
      if (active && active.parent === t.token) {
        issued = active.token; // the client lost the previous answer: hand back the active token
        handBack = true;
      } else if (now.getTime() > t.updated_at.getTime() + config.refreshTokenReuseIntervalS * 1000) {
        // revoked without touching updated_at, so the family's tokens do not get a fresh reuse interval
        if (config.refreshTokenRotation) await c.query('update auth.refresh_tokens set revoked = true where session_id = $1 and revoked = false', [t.s_id]);
        deps.log.warn({ event: 'refresh_token_reuse', session_id: t.s_id, token_id: t.id }, 'refresh_token_reuse');
        return { ok: false, error: authError('refresh_token_already_used') };
      }
    }
    if (!issued) issued = newRefreshToken();
    // one statement: revoke the presented token, add its child (unless handing back the active one), touch
    // the session, and read the session's AMR and the user as the response needs them
    const row = (await c.query<FullUser & { amr: { m: string; t: string }[] | null }>(
      `with revoke as (update auth.refresh_tokens set revoked = true, updated_at = $3 where id = $1 and not revoked and $6),
         child as (insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
                   select '00000000-0000-0000-0000-000000000000', $2, $4, false, $3, $3, $5, $7 where $6),
         touch as (update auth.sessions set refreshed_at = $8, updated_at = $3 where id = $7)
       select ${FULL_USER_COLUMNS},
         (select json_agg(json_build_object('m', a.authentication_method, 't', a.updated_at) order by a.updated_at desc)
          from auth.mfa_amr_claims a where a.session_id = $7) as amr
       from auth.users u where u.id = $4::uuid`,
      [t.id, issued, now, t.user_id, t.token, !handBack, t.s_id, now.toISOString().replace('Z', '')],
    )).rows[0];
    const amr = (row.amr ?? []).map((x) => ({ method: x.m, timestamp: Math.floor(new Date(x.t).getTime() / 1000) }));
    return { ok: true, user: row, s: { sessionId: t.s_id, refreshToken: issued, aal: t.aal ?? 'aal1', amr } };
  });
  if (!out.ok) throw out.error;
  return tokenResponse(deps, out.user, out.s);
}
