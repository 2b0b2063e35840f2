// Who is calling: the apikey (one of the project's two keys) and, when sent, the Bearer JWT that decides the role.
// Pure apart from JWT verification; the Fastify hook in auth-hook.ts turns the outcome into a reply.
import type { AuthInfo } from '@powabase/core';
import { JwtError, verifyJwt, type Claims } from '@powabase/keys';
import { matchApiKey, type ProjectKey, type ProjectKeys } from './api-key.ts';
import type { TokenCache } from './token-cache.ts';

export interface AuthInput {
  /** `apikey` header, else `apikey` query parameter. */
  apikey: string | undefined;
  authorization: string | undefined;
  /** False on open paths: a missing or unknown apikey then means the anonymous caller. */
  keyRequired: boolean;
}

export interface AuthContext {
  jwtSecret: string;
  keys: ProjectKeys;
  cache: TokenCache;
}

export type AuthOutcome =
  | { kind: 'denied'; code: 'no_api_key' | 'invalid_api_key' }
  /** `jwtError` set: a Bearer was sent and failed; `auth` is then the apikey's identity. */
  | { kind: 'resolved'; auth: AuthInfo; jwtError: JwtError | null };

/** The Bearer token, '' for a Bearer scheme with no token, undefined for no header or another scheme (e.g. S3 SigV4). */
export function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^bearer(?:\s+(.*))?$/i.exec(authorization.trim());
  return m ? (m[1] ?? '').trim() : undefined;
}

function keyIdentity(key: ProjectKey): AuthInfo {
  const role = typeof key.claims.role === 'string' ? key.claims.role : key.keyRole;
  return { role, claims: key.claims, token: key.token, keyRole: key.keyRole };
}

async function verifyCached(ctx: AuthContext, token: string): Promise<Readonly<Claims>> {
  const hit = ctx.cache.get(token);
  if (hit) return hit;
  return ctx.cache.set(token, await verifyJwt(ctx.jwtSecret, token));
}

export async function resolveAuth(input: AuthInput, ctx: AuthContext): Promise<AuthOutcome> {
  let key: ProjectKey | null = null;
  if (input.apikey !== undefined && input.apikey !== '') key = matchApiKey(ctx.keys, input.apikey);
  if (input.keyRequired) {
    if (input.apikey === undefined || input.apikey === '') return { kind: 'denied', code: 'no_api_key' };
    if (!key) return { kind: 'denied', code: 'invalid_api_key' };
  }
  const base = keyIdentity(key ?? ctx.keys.anon);
  const bearer = bearerOf(input.authorization);
  if (bearer === undefined) return { kind: 'resolved', auth: base, jwtError: null };
  try {
    const claims = await verifyCached(ctx, bearer);
    // PostgREST's rule: a verified JWT without a role claim runs as anon.
    const role = typeof claims.role === 'string' && claims.role ? claims.role : 'anon';
    return { kind: 'resolved', auth: { role, claims, token: bearer, keyRole: base.keyRole }, jwtError: null };
  } catch (e) {
    const jwtError = e instanceof JwtError ? e : new JwtError('invalid', 'JWT is invalid');
    return { kind: 'resolved', auth: base, jwtError };
  }
}
