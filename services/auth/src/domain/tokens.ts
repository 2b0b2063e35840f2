// Sessions and tokens: a new session per sign-in and the access JWT (HS256, project secret) with GoTrue's
// claims. The refresh_token grant is in refresh-grant.ts.
import { startSession, type AmrEntry } from '../store/sessions.ts';
import type { AuthDeps, FullUser, Queryable, RequestMeta } from '../types.ts';
import { userJson } from './user-json.ts';

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
  const token = await deps.signAccess({
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

export interface SignInOptions {
  /** Runs first, in the same transaction (e.g. creating the user being signed in). */
  before?: (q: Queryable) => Promise<void>;
  /** The identity whose last_sign_in_at is touched (GoTrue does so for the provider signed in with). */
  provider?: string;
}

/**
 * Signs the user in: a new aal1 session (one database call; inside a transaction only when `before` needs
 * one), then the token response.
 */
export async function signIn(deps: AuthDeps, userId: string, method: string, meta: RequestMeta | null, o: SignInOptions = {}): Promise<TokenResponse> {
  const now = deps.now();
  const start = (q: Queryable) => startSession(q, userId, method, now, meta, o.provider);
  const started = o.before ? await deps.db.tx(async (c) => { await o.before!(c); return start(c); }) : await start(deps.db.pool);
  if (!started.user) throw new Error(`signIn: user ${userId} not found`);
  const s: SessionTokens = {
    sessionId: started.sessionId, refreshToken: started.refreshToken, aal: 'aal1',
    amr: [{ method, timestamp: Math.floor(now.getTime() / 1000) }],
  };
  return tokenResponse(deps, started.user, s);
}
