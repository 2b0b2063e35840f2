// External sign-in: /authorize (redirect to the provider), /callback (code -> provider user -> our user,
// linked by identity, by verified email, or created; then a session or a PKCE code), the id_token grant,
// and identity linking for a signed-in user.
import { createHash } from 'node:crypto';
import { authError, validation } from '../errors.ts';
import { findIdentity, findUserByEmail, insertIdentity, insertUser, findUserById } from '../store/users.ts';
import type { AuthDeps, Queryable, RequestMeta } from '../types.ts';
import { str } from './input.ts';
import {
  enabledProvider, exchangeCode, fetchProviderUser, providerEndpoints, providerUserFromIdToken, readState, signState,
  verifyIdToken, type ProviderUser,
} from './oauth-client.ts';
import { createFlowState, issueAuthCode, type PkceParams } from './pkce.ts';
import { resolveRedirect } from './redirect.ts';
import { signIn, type TokenResponse } from './tokens.ts';
import { isBanned } from './user-json.ts';

type OAuthDeps = AuthDeps & { oauthCache: Map<string, unknown> };

export async function authorizeUrl(deps: OAuthDeps, provider: string, o: { redirectTo: string; scopes?: string; pkce: PkceParams | null; linkUserId?: string }): Promise<string> {
  const p = enabledProvider(deps, provider);
  const e = await providerEndpoints(deps, p);
  let flowStateId: string | undefined;
  if (o.pkce) flowStateId = (await createFlowState(deps.db.pool, deps, o.pkce, { userId: null, providerType: provider, method: 'oauth' })).id;
  const state = await signState(deps, { provider, redirect_to: o.redirectTo, flow_state_id: flowStateId, link_user_id: o.linkUserId });
  const url = new URL(e.authorizationUrl);
  const scopes = [...new Set([...e.scopes, ...(o.scopes ?? '').split(/[\s,]+/).filter(Boolean)])];
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', `${deps.config.externalUrl}/callback`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  return url.toString();
}

function errorRedirect(target: string, pkce: boolean, error: string, code: string, description: string): string {
  const p = new URLSearchParams({ error, error_code: code, error_description: description });
  if (pkce) return `${target}${target.includes('?') ? '&' : '?'}${p.toString()}`;
  p.set('sb', '');
  return `${target}#${p.toString()}`;
}

/** GET /callback: always answers with the URL to redirect to (errors included, as GoTrue does). */
export async function callback(deps: OAuthDeps, q: Record<string, string>, meta: RequestMeta): Promise<string> {
  const state = await readState(deps, q.state ?? '');
  const target = resolveRedirect(deps.config, state.redirect_to);
  const pkce = !!state.flow_state_id;
  if (q.error) return errorRedirect(target, pkce, q.error, 'bad_oauth_callback', q.error_description || q.error);
  try {
    if (!q.code) throw authError('bad_oauth_callback');
    const p = enabledProvider(deps, state.provider);
    const e = await providerEndpoints(deps, p);
    const tokens = await exchangeCode(deps, p, e, q.code);
    const pu = await fetchProviderUser(deps, p, e, tokens);
    const userId = await deps.db.tx((c) => upsertExternalUser(c, deps, state.provider, pu, state.link_user_id ?? null));
    if (pkce) {
      const code = await deps.db.tx((c) => issueAuthCode(c, deps, state.flow_state_id!, { userId, providerToken: tokens.access_token, providerRefreshToken: tokens.refresh_token }));
      return `${target}${target.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}`;
    }
    const r = await signIn(deps, userId, 'oauth', meta);
    const f = new URLSearchParams({
      access_token: r.access_token, expires_at: String(r.expires_at), expires_in: String(r.expires_in),
      provider_token: tokens.access_token, refresh_token: r.refresh_token, token_type: 'bearer',
    });
    if (tokens.refresh_token) f.set('provider_refresh_token', tokens.refresh_token);
    f.set('sb', '');
    return `${target}#${f.toString()}`;
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unexpected_failure';
    if (code === 'unexpected_failure') deps.log.error({ event: 'oauth_callback_failed', error: (err as Error).message }, 'oauth_callback_failed');
    const status = (err as { status?: number }).status ?? 500;
    return errorRedirect(target, pkce, status >= 500 ? 'server_error' : 'access_denied', code, status >= 500 ? 'Unexpected failure' : (err as Error).message);
  }
}

async function addProvider(c: Queryable, userId: string, provider: string): Promise<void> {
  await c.query(
    `update auth.users set raw_app_meta_data = jsonb_set(
       coalesce(raw_app_meta_data, '{}') || jsonb_build_object('provider', coalesce(raw_app_meta_data ->> 'provider', $2::text)),
       '{providers}',
       (select coalesce(jsonb_agg(distinct p), '[]') from jsonb_array_elements_text(coalesce(raw_app_meta_data -> 'providers', '[]') || to_jsonb($2::text)) p))
     where id = $1`, [userId, provider]);
}

/** Finds or creates the user behind an external identity (or links it to `linkUserId`); returns the user id. */
export async function upsertExternalUser(c: Queryable, deps: AuthDeps, provider: string, pu: ProviderUser, linkUserId: string | null): Promise<string> {
  const now = deps.now();
  const identity = await findIdentity(c, provider, pu.sub);
  if (linkUserId) {
    if (identity && identity.user_id !== linkUserId) throw authError('identity_already_exists', 'Identity is already linked to another user');
    if (!identity) await insertIdentity(c, linkUserId, provider, pu.sub, pu.data, now);
    await addProvider(c, linkUserId, provider);
    const u = await findUserById(c, linkUserId);
    if (u?.is_anonymous) {
      const free = pu.email && pu.emailVerified && !(await findUserByEmail(c, pu.email, u.aud ?? 'authenticated'));
      await c.query('update auth.users set is_anonymous = false, email = coalesce(email, $2), email_confirmed_at = coalesce(email_confirmed_at, $3), updated_at = $4 where id = $1',
        [linkUserId, free ? pu.email : null, free ? now : null, now]);
    }
    return linkUserId;
  }
  if (identity) {
    await c.query('update auth.identities set identity_data = $2, last_sign_in_at = $3, updated_at = $3 where id = $1', [identity.id, pu.data, now]);
    await c.query("update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2::jsonb where id = $1", [identity.user_id, JSON.stringify(pu.data)]);
    const u = await findUserById(c, identity.user_id);
    if (u && isBanned(u, now)) throw authError('user_banned', undefined, { status: 400 });
    return identity.user_id;
  }
  const byEmail = pu.email && pu.emailVerified ? await findUserByEmail(c, pu.email, deps.config.jwtAud) : null;
  if (byEmail) {
    await insertIdentity(c, byEmail.id, provider, pu.sub, pu.data, now);
    await addProvider(c, byEmail.id, provider);
    await c.query('update auth.users set email_confirmed_at = coalesce(email_confirmed_at, $2) where id = $1', [byEmail.id, now]);
    return byEmail.id;
  }
  if (deps.config.disableSignup) throw authError('signup_disabled');
  const emailFree = pu.email && !(await findUserByEmail(c, pu.email, deps.config.jwtAud));
  const u = await insertUser(c, {
    email: emailFree ? pu.email : null, passwordHash: null, aud: deps.config.jwtAud, role: 'authenticated',
    appMetadata: { provider, providers: [provider] }, userMetadata: pu.data, emailConfirmed: !!emailFree && pu.emailVerified,
  }, now);
  await insertIdentity(c, u.id, provider, pu.sub, pu.data, now);
  return u.id;
}

/** POST /token?grant_type=id_token: an OIDC id_token issued to our client id signs the user in. */
export async function idTokenGrant(deps: AuthDeps, body: Record<string, unknown>, meta: RequestMeta): Promise<TokenResponse> {
  const provider = str(body.provider);
  const idToken = str(body.id_token);
  if (!provider || !idToken) throw validation('id_token and provider are required');
  const od = deps as OAuthDeps;
  const p = enabledProvider(od, provider);
  if (p.kind === 'github') throw authError('oauth_provider_not_supported', `Custom OIDC provider "${provider}" not allowed`);
  const e = await providerEndpoints(od, p);
  const claims = await verifyIdToken(od, p, e, idToken);
  const nonce = str(body.nonce);
  if (nonce || claims.nonce) {
    const hashed = createHash('sha256').update(nonce).digest('hex');
    if (!nonce || (claims.nonce !== nonce && claims.nonce !== hashed)) throw validation('Nonces mismatch');
  }
  const userId = await deps.db.tx((c) => upsertExternalUser(c, deps, provider, providerUserFromIdToken(claims, e.issuer), null));
  return signIn(deps, userId, 'oauth', meta);
}
