// The refresh_token grant, as GoTrue's RefreshTokenGrant: rotation, parent-of-active hand-back within the
// reuse interval, family revocation on later reuse. An active token rotates in one statement; every other
// case (and a lost race) takes the locked transaction, which decides exactly as before.
import { authError, oauthError } from '../errors.ts';
import { newRefreshToken } from '../crypto.ts';
import { activeToken, lockToken, revokeFamily, rotateActiveToken, rotateLocked, tokenExists, type RotatedUser } from '../store/refresh-tokens.ts';
import type { AuthDeps, FullUser } from '../types.ts';
import { tokenResponse, type SessionTokens, type TokenResponse } from './tokens.ts';
import { isBanned } from './user-json.ts';

type RefreshOutcome = { ok: true; user: FullUser; s: SessionTokens } | { ok: false; error: Error };

const amrOf = (row: RotatedUser) =>
  (row.amr ?? []).map((x) => ({ method: x.m, timestamp: Math.floor(new Date(x.t).getTime() / 1000) }));

export async function refreshGrant(deps: AuthDeps, refreshToken: string | undefined): Promise<TokenResponse> {
  if (!refreshToken) throw oauthError('invalid_request', 'refresh_token required');
  const issued = newRefreshToken();
  const row = await rotateActiveToken(deps.db.pool, refreshToken, issued, deps.now());
  const out: RefreshOutcome = row
    ? { ok: true, user: row, s: { sessionId: row.s_id, refreshToken: issued, aal: row.s_aal ?? 'aal1', amr: amrOf(row) } }
    : await lockedGrant(deps, refreshToken);
  if (!out.ok) throw out.error;
  return tokenResponse(deps, out.user, out.s);
}

/** The token and its session are locked together, so concurrent refreshes of one session are serialised. */
function lockedGrant(deps: AuthDeps, refreshToken: string): Promise<RefreshOutcome> {
  const { config } = deps;
  return deps.db.tx<RefreshOutcome>(async (c) => {
    const now = deps.now();
    const t = await lockToken(c, refreshToken);
    if (!t) {
      return { ok: false, error: await tokenExists(c, refreshToken)
        ? authError('session_not_found', 'Invalid Refresh Token: No Valid Session Found', { status: 400 })
        : authError('refresh_token_not_found') };
    }
    if (isBanned({ banned_until: t.banned_until } as never, now)) return { ok: false, error: authError('user_banned', 'Invalid Refresh Token: User Banned', { status: 400 }) };
    if (t.not_after && t.not_after.getTime() < now.getTime()) return { ok: false, error: authError('session_expired') };

    let issued: string | null = null;
    let handBack = false;
    if (t.revoked) {
      const active = await activeToken(c, t.s_id);
      if (active && active.parent === t.token) {
        issued = active.token; // the client lost the previous answer: hand back the active token
        handBack = true;
      } else if (now.getTime() > t.updated_at.getTime() + config.refreshTokenReuseIntervalS * 1000) {
        if (config.refreshTokenRotation) await revokeFamily(c, t.s_id);
        deps.log.warn({ event: 'refresh_token_reuse', session_id: t.s_id, token_id: t.id }, 'refresh_token_reuse');
        return { ok: false, error: authError('refresh_token_already_used') };
      }
    }
    issued ??= newRefreshToken();
    const row = await rotateLocked(c, t, issued, handBack, now);
    return { ok: true, user: row, s: { sessionId: t.s_id, refreshToken: issued, aal: t.aal ?? 'aal1', amr: amrOf(row) } };
  });
}
