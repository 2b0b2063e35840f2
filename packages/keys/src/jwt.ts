// Project JWTs: HS256 only (alg pinned), 30 s clock skew. Keys are long-lived JWTs signed with the project secret.
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';

export const CLOCK_SKEW_S = 30;
const enc = new TextEncoder();

export type Claims = JWTPayload & { role?: string; [k: string]: unknown };

export async function signJwt(secret: string, claims: Claims, opts: { expiresInS?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });
  if (claims.iat === undefined) jwt.setIssuedAt(now);
  if (claims.exp === undefined && opts.expiresInS !== undefined) jwt.setExpirationTime(now + opts.expiresInS);
  return jwt.sign(enc.encode(secret));
}

export type JwtFailure = 'malformed' | 'bad_signature' | 'expired' | 'bad_alg' | 'invalid';

export class JwtError extends Error {
  constructor(readonly reason: JwtFailure, message: string) { super(message); }
}

/** Verifies an HS256 JWT; throws JwtError naming why it failed. */
export async function verifyJwt(secret: string, token: string): Promise<Claims> {
  if (typeof token !== 'string' || token.split('.').length !== 3) throw new JwtError('malformed', 'JWT is malformed');
  try {
    const { payload } = await jwtVerify(token, enc.encode(secret), { algorithms: ['HS256'], clockTolerance: CLOCK_SKEW_S });
    return payload as Claims;
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new JwtError('expired', 'JWT expired');
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw new JwtError('bad_signature', 'JWT signature is invalid');
    if (e instanceof joseErrors.JOSEAlgNotAllowed) throw new JwtError('bad_alg', 'JWT algorithm is not allowed');
    if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) throw new JwtError('malformed', 'JWT is malformed');
    throw new JwtError('invalid', 'JWT is invalid');
  }
}

/** Reads claims without verifying: only for display and routing decisions that verify afterwards. */
export function decodeUnverified(token: string): Claims | null {
  try {
    const part = token.split('.')[1];
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;
  } catch {
    return null;
  }
}
