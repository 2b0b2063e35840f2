// Signs access tokens (HS256, the project secret) with a key imported once per service instance:
// importing the raw secret on every sign costs as much as the signature itself.
import { SignJWT, type JWTPayload } from 'jose';

export type AccessSigner = (claims: JWTPayload & Record<string, unknown>) => Promise<string>;

export function createAccessSigner(secret: string): AccessSigner {
  let key: Promise<CryptoKey> | null = null;
  return async (claims) => {
    key ??= crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await key);
  };
}
