// JWT failures as PostgREST reports them: PGRST301 (cannot decode / verify), PGRST303 (claims invalid),
// PGRST302 (anonymous access disabled). The gateway verifies tokens; this maps its verdict, reading the
// token itself when it has it for PostgREST's finer messages (empty token, part count, exp/nbf/iat).
import type { JwtError } from '@powabase/keys';
import { restError, type RestError } from './errors.ts';
import { renderError } from './render-error.ts';

const SKEW_S = 30;

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function claimsError(claims: Record<string, unknown>, now: number): RestError | null {
  for (const k of ['exp', 'nbf', 'iat'] as const) {
    if (claims[k] !== undefined && typeof claims[k] !== 'number') return restError('PGRST303', { message: `The JWT '${k}' claim must be a number` });
  }
  if (typeof claims.exp === 'number' && now - SKEW_S >= claims.exp) return restError('PGRST303', { message: 'JWT expired' });
  if (typeof claims.nbf === 'number' && now + SKEW_S < claims.nbf) return restError('PGRST303', { message: 'JWT not yet valid' });
  if (typeof claims.iat === 'number' && now + SKEW_S < claims.iat) return restError('PGRST303', { message: 'JWT issued at future' });
  return null;
}

/** The PostgREST error for a rejected Bearer token; `token` is the raw token when known. */
export function jwtRestError(e: JwtError, token?: string): RestError {
  if (token !== undefined) {
    if (token === '') return restError('PGRST301', { message: 'Empty JWT is sent in Authorization header' });
    const parts = token.split('.');
    if (parts.length !== 3) return restError('PGRST301', { message: `Expected 3 parts in JWT; got ${parts.length}` });
    const header = decodePart(parts[0]!);
    if (!header) return restError('PGRST301', { message: 'JWT cryptographic operation failed' });
    if (header.alg === 'none') {
      return restError('PGRST301', { message: 'Wrong or unsupported encoding algorithm' }, { details: "JWT is unsecured but expected 'alg' was not 'none'" });
    }
    if (e.reason !== 'bad_signature' && e.reason !== 'bad_alg') {
      const claims = decodePart(parts[1]!);
      if (!claims) return restError('PGRST303', { message: 'Parsing claims failed' });
      const c = claimsError(claims, Math.floor(Date.now() / 1000));
      if (c) return c;
    }
  }
  switch (e.reason) {
    case 'expired': return restError('PGRST303', { message: 'JWT expired' });
    case 'bad_signature': return restError('PGRST301', { message: 'No suitable key or wrong key type' }, { details: 'None of the keys was able to decode the JWT' });
    case 'bad_alg': return restError('PGRST301', { message: 'Wrong or unsupported encoding algorithm' });
    case 'malformed': return restError('PGRST301', { message: 'JWT cryptographic operation failed' });
    default: return restError('PGRST301', { message: "JWT couldn't be decoded" });
  }
}

/** The gateway's `renderAuthError` (strict mode): the same errors in PostgREST's JSON. */
export function renderAuthError(e: JwtError): { status: number; body: unknown; headers: Record<string, string> } {
  const r = renderError(jwtRestError(e));
  return { status: r.status, body: r.body, headers: r.headers };
}

/** The Bearer token of an Authorization header ('' when empty), or undefined for none / another scheme. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /^bearer(?:\s+(.*))?$/i.exec(authorization.trim());
  return m ? (m[1] ?? '').trim() : undefined;
}

/**
 * PostgREST's authentication checks on top of the gateway's verdict: rejected tokens (PGRST301/303), tokens
 * issued in the future (the gateway's verifier allows them), and no token while anonymous access is off.
 */
export function checkCaller(jwtError: JwtError | null, claims: Record<string, unknown>, authorization: string | undefined, anonAllowed: boolean): void {
  const token = bearerToken(authorization);
  if (jwtError) throw jwtRestError(jwtError, token);
  if (token !== undefined && typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + SKEW_S) {
    throw restError('PGRST303', { message: 'JWT issued at future' });
  }
  if (!anonAllowed && authorization === undefined) throw restError('PGRST302');
}
