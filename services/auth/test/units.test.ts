// Pure parts as tables: password policy, redirect allow-list, rate limiter, error rendering, config, ban durations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@powabase/core';
import { parseAuthConfig, defaultAuthConfig } from '../src/index.ts';
import { checkPassword } from '../src/domain/password-policy.ts';
import { isRedirectAllowed } from '../src/domain/redirect.ts';
import { RateLimiter } from '../src/domain/rate-limit.ts';
import { renderAuthError, isVersioned } from '../src/http/render-error.ts';
import { authError, oauthError, weakPassword } from '../src/errors.ts';
import { parseBanDuration } from '../src/domain/admin.ts';
import { tokenHash, pkceMatches } from '../src/crypto.ts';

const project = { ref: 'abcdefghijabcdefghij', url: 'http://127.0.0.1:9', jwtSecret: 's', anonKey: 'a', serviceRoleKey: 'k' };

test('password policy', () => {
  const c = parseAuthConfig({ password: { minLength: 8, requiredCharacters: ['0123456789'], rejectCommon: true } }, project);
  const cases: [string, string[] | null][] = [
    ['short1', ['length']], ['longenough', ['characters']], ['password1', ['pwned']], ['Str0ng-enough', null], ['abc', ['length', 'characters']],
  ];
  for (const [pw, reasons] of cases) assert.deepEqual(checkPassword(c, pw)?.reasons ?? null, reasons, pw);
  assert.equal(defaultAuthConfig(project).password.minLength, 8);
  assert.equal(checkPassword(parseAuthConfig({ password: { minLength: 6 } }, project), 'sixsix'), null);
});

test('redirect allow-list', () => {
  const c = parseAuthConfig({ siteUrl: 'https://app.test', uriAllowList: ['https://*.preview.test/**', 'http://localhost:3000/cb', 'myapp://callback'] }, project);
  const cases: [string, boolean][] = [
    ['https://app.test/any/path', true], ['https://a.preview.test/x/y', true], ['https://a.b.preview.test/x', false],
    ['http://localhost:3000/cb/sub', true], ['http://localhost:3001/cb', false], ['https://evil.test/', false],
    ['https://app.test.evil.test/', false], ['javascript:alert(1)', false], ['not a url', false],
  ];
  for (const [url, ok] of cases) assert.equal(isRedirectAllowed(c, url), ok, url);
});

test('rate limiter: burst of count, then refill over the period', () => {
  let t = 0;
  const rl = new RateLimiter(() => t);
  const limit = { count: 3, periodS: 30 };
  assert.deepEqual([1, 2, 3, 4].map(() => rl.take('x', 'ip', limit)), [true, true, true, false]);
  assert.equal(rl.take('x', 'other-ip', limit), true);
  t += 10_000;
  assert.equal(rl.take('x', 'ip', limit), true);
  assert.equal(rl.take('x', 'ip', limit), false);
});

test('error rendering: versioned, legacy, weak password, oauth, unknown', () => {
  assert.equal(isVersioned('2024-01-01'), true);
  assert.equal(isVersioned('2023-12-31'), false);
  assert.equal(isVersioned(undefined), false);
  const v = renderAuthError(authError('invalid_credentials'), true, silentLogger);
  assert.deepEqual(v, { status: 400, body: { code: 'invalid_credentials', message: 'Invalid login credentials' }, headers: { 'x-supabase-api-version': '2024-01-01', 'x-sb-error-code': 'invalid_credentials' } });
  assert.deepEqual(renderAuthError(authError('invalid_credentials'), false, silentLogger).body, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  assert.deepEqual(renderAuthError(weakPassword('too short', ['length']), true, silentLogger).body, { code: 'weak_password', message: 'too short', weak_password: { reasons: ['length'] } });
  assert.deepEqual(renderAuthError(oauthError('invalid_request', 'refresh_token required'), true, silentLogger).body, { error: 'invalid_request', error_description: 'refresh_token required' });
  const boom = renderAuthError(new Error('SELECT secret FROM x'), false, silentLogger);
  assert.equal(boom.status, 500);
  assert.equal(boom.body.error_code, 'unexpected_failure');
  assert.doesNotMatch(JSON.stringify(boom.body), /SELECT/);
});

test('config: unknown keys and bad values are refused', () => {
  assert.throws(() => parseAuthConfig({ nope: 1 }, project), /unknown auth config key/);
  assert.throws(() => parseAuthConfig({ password: { minLength: 4 } }, project), /minLength/);
  assert.throws(() => parseAuthConfig({ providers: { github: { enabled: true, kind: 'saml', clientId: 'a', secret: 'b' } } }, project), /kind/);
  const c = parseAuthConfig({ rateLimits: { otp: { count: 5, periodS: 60 } } }, project);
  assert.equal(c.rateLimits.otp.count, 5);
  assert.equal(c.rateLimits.tokenRefresh.count, 150);
  assert.equal(c.jwtExpiry, 3600);
  assert.equal(c.refreshTokenReuseIntervalS, 10);
  assert.ok(Object.isFrozen(c.rateLimits));
  assert.equal(defaultAuthConfig(project, { hasMailer: false }).autoconfirm, true);
  assert.equal(defaultAuthConfig(project).autoconfirm, false);
});

test('ban durations, token hash, PKCE', () => {
  const now = new Date(0);
  assert.equal(parseBanDuration('24h', now)?.getTime(), 86_400_000);
  assert.equal(parseBanDuration('1h30m', now)?.getTime(), 5_400_000);
  assert.equal(parseBanDuration('none', now), null);
  assert.throws(() => parseBanDuration('forever', now));
  assert.equal(tokenHash('A@B.c', '123456'), tokenHash('a@b.c', '123456'));
  assert.equal(tokenHash('a@b.c', '123456').length, 56);
  // RFC 7636 appendix B
  assert.equal(pkceMatches('s256', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), true);
  assert.equal(pkceMatches('s256', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'wrong'), false);
});
