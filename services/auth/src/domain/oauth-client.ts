// The OAuth2/OIDC client side of external providers: endpoints (OIDC discovery or the GitHub/Google presets),
// the signed `state`, the code exchange, and the provider's user claims (verified id_token + userinfo,
// or GitHub's user API). HTTP goes through fetch; id_tokens are verified with jose against the JWKS.
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTPayload } from 'jose';
import { authError, validation } from '../errors.ts';
import type { OAuthProviderConfig } from '../config.ts';
import type { AuthDeps } from '../types.ts';

export interface ProviderEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl?: string;
  jwksUrl?: string;
  issuer?: string;
  scopes: string[];
}

export interface ProviderTokens { access_token: string; refresh_token?: string; id_token?: string }

export interface ProviderUser { sub: string; email: string | null; emailVerified: boolean; data: Record<string, unknown> }

export interface OAuthState { provider: string; redirect_to: string; flow_state_id?: string; link_user_id?: string }

const GITHUB = { authorizationUrl: 'https://github.com/login/oauth/authorize', tokenUrl: 'https://github.com/login/oauth/access_token', userinfoUrl: 'https://api.github.com/user' };

export function enabledProvider(deps: AuthDeps, name: string): OAuthProviderConfig {
  const p = deps.config.providers[name];
  if (!p || !p.enabled) throw authError('provider_disabled', `Unsupported provider: provider is not enabled`);
  return p;
}

/** Endpoints of a provider; OIDC discovery documents are cached per service instance. */
export async function providerEndpoints(deps: AuthDeps & { oauthCache: Map<string, unknown> }, p: OAuthProviderConfig): Promise<ProviderEndpoints> {
  const extra = p.scopes ?? [];
  if (p.kind === 'github') {
    return { ...GITHUB, authorizationUrl: p.authorizationUrl ?? GITHUB.authorizationUrl, tokenUrl: p.tokenUrl ?? GITHUB.tokenUrl, userinfoUrl: p.userinfoUrl ?? GITHUB.userinfoUrl, scopes: ['user:email', ...extra] };
  }
  const issuer = (p.issuer ?? 'https://accounts.google.com').replace(/\/$/, '');
  const key = `discovery:${issuer}`;
  let doc = deps.oauthCache.get(key) as Promise<Record<string, string>> | undefined;
  if (!doc) {
    doc = fetch(`${issuer}/.well-known/openid-configuration`).then(async (r) => {
      if (!r.ok) throw new Error(`OIDC discovery failed: ${r.status}`);
      return (await r.json()) as Record<string, string>;
    });
    doc.catch(() => deps.oauthCache.delete(key));
    deps.oauthCache.set(key, doc);
  }
  const d = await doc;
  return {
    authorizationUrl: p.authorizationUrl ?? d.authorization_endpoint,
    tokenUrl: p.tokenUrl ?? d.token_endpoint,
    userinfoUrl: p.userinfoUrl ?? d.userinfo_endpoint,
    jwksUrl: d.jwks_uri,
    issuer: d.issuer ?? issuer,
    scopes: ['openid', 'email', 'profile', ...extra],
  };
}

const stateKey = (deps: AuthDeps) => createHash('sha256').update(`${deps.project.jwtSecret}:oauth_state`).digest();

export async function signState(deps: AuthDeps, s: OAuthState): Promise<string> {
  const now = Math.floor(deps.now().getTime() / 1000);
  return new SignJWT({ ...s }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now).setExpirationTime(now + 600).setAudience('oauth_state').sign(stateKey(deps));
}

export async function readState(deps: AuthDeps, token: string): Promise<OAuthState> {
  try {
    const { payload } = await jwtVerify(token, stateKey(deps), { algorithms: ['HS256'], audience: 'oauth_state', currentDate: deps.now() });
    if (typeof payload.provider !== 'string' || typeof payload.redirect_to !== 'string') throw new Error('incomplete');
    return payload as unknown as OAuthState;
  } catch {
    throw authError('bad_oauth_state', 'OAuth callback with invalid state');
  }
}

export async function exchangeCode(deps: AuthDeps, p: OAuthProviderConfig, e: ProviderEndpoints, code: string): Promise<ProviderTokens> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${deps.config.externalUrl}/callback`, client_id: p.clientId, client_secret: p.secret });
  const r = await fetch(e.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form });
  const body = (await r.json().catch(() => ({}))) as Record<string, unknown>;
  if (!r.ok || typeof body.access_token !== 'string') {
    deps.log.warn({ event: 'oauth_exchange_failed', status: r.status, error: body.error }, 'oauth_exchange_failed');
    throw authError('bad_oauth_callback', 'Unable to exchange external code');
  }
  return body as unknown as ProviderTokens;
}

export async function verifyIdToken(deps: AuthDeps & { oauthCache: Map<string, unknown> }, p: OAuthProviderConfig, e: ProviderEndpoints, idToken: string): Promise<JWTPayload> {
  if (!e.jwksUrl) throw validation('Provider has no JWKS');
  const key = `jwks:${e.jwksUrl}`;
  let jwks = deps.oauthCache.get(key) as ReturnType<typeof createRemoteJWKSet> | undefined;
  if (!jwks) { jwks = createRemoteJWKSet(new URL(e.jwksUrl)); deps.oauthCache.set(key, jwks); }
  try {
    const { payload } = await jwtVerify(idToken, jwks, { issuer: e.issuer, audience: p.clientId, currentDate: deps.now() });
    return payload;
  } catch (err) {
    throw validation(`Bad ID token: ${(err as Error).message}`);
  }
}

function claimsToUser(c: Record<string, unknown>, iss: string | undefined): ProviderUser {
  const sub = String(c.sub ?? c.id ?? '');
  if (!sub) throw authError('bad_oauth_callback', 'Provider did not return a user id');
  const email = typeof c.email === 'string' && c.email ? c.email.toLowerCase() : null;
  const emailVerified = c.email_verified === true || c.email_verified === 'true';
  const name = c.name ?? c.full_name ?? c.preferred_username;
  const picture = c.picture ?? c.avatar_url;
  const data: Record<string, unknown> = { iss, sub, provider_id: sub, email: email ?? undefined, email_verified: emailVerified, phone_verified: false,
    name, full_name: name, picture, avatar_url: picture, preferred_username: c.preferred_username ?? c.login, user_name: c.login };
  for (const k of Object.keys(data)) if (data[k] === undefined || data[k] === null) delete data[k];
  return { sub, email, emailVerified, data };
}

export async function fetchProviderUser(deps: AuthDeps & { oauthCache: Map<string, unknown> }, p: OAuthProviderConfig, e: ProviderEndpoints, t: ProviderTokens): Promise<ProviderUser> {
  const auth = { authorization: `Bearer ${t.access_token}`, accept: 'application/json', 'user-agent': 'powabase-auth' };
  if (p.kind === 'github') {
    const u = (await (await fetch(e.userinfoUrl!, { headers: auth })).json()) as Record<string, unknown>;
    const emails = (await (await fetch(new URL('/user/emails', e.userinfoUrl!), { headers: auth })).json().catch(() => [])) as { email: string; primary: boolean; verified: boolean }[];
    const primary = Array.isArray(emails) ? emails.find((m) => m.primary) ?? emails[0] : undefined;
    return claimsToUser({ ...u, sub: String(u.id), email: primary?.email ?? u.email, email_verified: primary?.verified ?? false }, e.userinfoUrl);
  }
  let claims: Record<string, unknown> = {};
  if (t.id_token) claims = { ...(await verifyIdToken(deps, p, e, t.id_token)) };
  if (e.userinfoUrl) {
    const r = await fetch(e.userinfoUrl, { headers: auth });
    if (r.ok) {
      const info = (await r.json()) as Record<string, unknown>;
      if (claims.sub && info.sub !== claims.sub) throw authError('bad_oauth_callback', 'userinfo subject does not match the id_token');
      claims = { ...info, ...claims };
    }
  }
  return claimsToUser(claims, e.issuer);
}

export const providerUserFromIdToken = (claims: JWTPayload, iss: string | undefined): ProviderUser => claimsToUser({ ...claims }, iss);
