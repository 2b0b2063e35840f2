// Verifies the token a channel runs as (the join's access_token, else the socket's apikey) and words the
// failures as Supabase Realtime does: join reasons ("<Code>: <message>") and shutdown messages.
import { JwtError, verifyJwt, decodeUnverified } from '@powabase/keys';
import { JOIN_ERRORS, tokenExpired } from '../errors.ts';
import type { ChannelAuth } from './channel.ts';

export type TokenCheck =
  | { ok: true; auth: ChannelAuth }
  | { ok: false; reason: string; message: string };

const fail = (reason: string): TokenCheck => ({ ok: false, reason, message: reason.replace(/^\w+: /, '') });

function expired(exp: number, now: number): TokenCheck {
  const msg = tokenExpired(Math.max(0, Math.floor(now - exp)));
  return { ok: false, reason: `InvalidJWTToken: ${msg}`, message: msg };
}

export async function checkToken(secret: string, token: string, nowMs = Date.now()): Promise<TokenCheck> {
  const now = nowMs / 1000;
  let claims;
  try {
    claims = await verifyJwt(secret, token);
  } catch (e) {
    if (e instanceof JwtError && e.reason === 'expired') {
      const exp = decodeUnverified(token)?.exp;
      return expired(typeof exp === 'number' ? exp : now, now);
    }
    if (e instanceof JwtError && (e.reason === 'bad_signature' || e.reason === 'bad_alg')) return fail(JOIN_ERRORS.badSignature);
    return fail(JOIN_ERRORS.malformedJwt);
  }
  if (typeof claims.role !== 'string' || !claims.role || typeof claims.exp !== 'number') return fail(JOIN_ERRORS.missingClaims);
  // verifyJwt allows 30 s of clock skew; Realtime closes a channel exactly at exp.
  if (claims.exp <= now) return expired(claims.exp, now);
  return { ok: true, auth: { token, claims, role: claims.role, exp: claims.exp } };
}
