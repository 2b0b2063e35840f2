// JWT verdicts of the gateway mapped to PostgREST's PGRST301/303 messages and WWW-Authenticate headers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JwtError } from '@powabase/keys';
import { jwtRestError, renderAuthError } from './auth-error.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const token = (header: object, claims: object) => `${b64(header)}.${b64(claims)}.sig`;
const now = Math.floor(Date.now() / 1000);

test('messages from the token itself', () => {
  const cases: [string, string, string][] = [
    ['', 'PGRST301', 'Empty JWT is sent in Authorization header'],
    ['a.b', 'PGRST301', 'Expected 3 parts in JWT; got 2'],
    ['a.b.c.d', 'PGRST301', 'Expected 3 parts in JWT; got 4'],
    ['%%.b.c', 'PGRST301', 'JWT cryptographic operation failed'],
    [token({ alg: 'none' }, {}), 'PGRST301', 'Wrong or unsupported encoding algorithm'],
    [token({ alg: 'HS256' }, { exp: now - 100 }), 'PGRST303', 'JWT expired'],
    [token({ alg: 'HS256' }, { nbf: now + 100 }), 'PGRST303', 'JWT not yet valid'],
    [token({ alg: 'HS256' }, { iat: now + 100 }), 'PGRST303', 'JWT issued at future'],
    [token({ alg: 'HS256' }, { exp: 'soon' }), 'PGRST303', "The JWT 'exp' claim must be a number"],
  ];
  for (const [t, code, message] of cases) {
    const e = jwtRestError(new JwtError('invalid', 'x'), t);
    assert.equal(e.code, code, t);
    assert.equal(e.message, message, t);
    assert.equal(e.status, 401);
    assert.equal(e.headers['WWW-Authenticate'], `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`);
  }
});

test('messages from the reason alone (strict gateway mode)', () => {
  assert.equal(renderAuthError(new JwtError('expired', 'x')).body && (renderAuthError(new JwtError('expired', 'x')).body as { code: string }).code, 'PGRST303');
  const sig = renderAuthError(new JwtError('bad_signature', 'x'));
  assert.equal(sig.status, 401);
  assert.deepEqual(sig.body, { code: 'PGRST301', message: 'No suitable key or wrong key type', details: 'None of the keys was able to decode the JWT', hint: null });
});
