// Random tokens, OTP codes, GoTrue's token hash (sha224 of address + code) and PKCE challenge checks.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 16): string => randomBytes(bytes).toString('base64url');

/** Refresh tokens are opaque, single-use and stored as issued (the reuse rule must hand back the active one). */
export const newRefreshToken = (): string => randomToken(16);

export function newOtp(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(randomInt(10));
  return s;
}

/** GoTrue's token hash: hex sha224 of the (lower-cased) email or phone followed by the OTP. */
export const tokenHash = (address: string, otp: string): string =>
  createHash('sha224').update(address.toLowerCase() + otp).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function pkceMatches(method: 's256' | 'plain', challenge: string, verifier: string): boolean {
  const computed = method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return safeEqual(computed, challenge);
}
