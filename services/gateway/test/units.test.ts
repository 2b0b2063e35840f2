// Unit tables for the pure parts: Bearer parsing, apikey matching, the verified-token cache, open paths.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { signJwt, verifyJwt } from '@powabase/keys';
import { loadProjectKeys, matchApiKey } from '../src/api-key.ts';
import { bearerOf, resolveAuth } from '../src/resolve-auth.ts';
import { isOpenPath, prefixOf } from '../src/service-table.ts';
import { TokenCache } from '../src/token-cache.ts';
import { makeProject } from './helpers.ts';

describe('bearerOf', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined], ['', undefined], ['Bearer abc', 'abc'], ['bearer abc', 'abc'], ['BEARER  abc ', 'abc'],
    ['Bearer', ''], ['Bearer ', ''], ['Basic dXNlcg==', undefined], ['AWS4-HMAC-SHA256 Credential=x', undefined], ['Bearerabc', undefined],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => assert.equal(bearerOf(input), want));
});

describe('isOpenPath / prefixOf', () => {
  const open: [readonly string[], string, boolean][] = [
    [['/verify'], '/verify', true], [['/verify'], '/verify/x', true], [['/verify'], '/verifyx', false], [['/verify'], '/user', false],
    [['/'], '/anything/at/all', true], [[], '/', false], [['/webhooks'], '/webhooks/abc', true], [['/.well-known/jwks.json'], '/.well-known/jwks.json', true],
  ];
  for (const [paths, sub, want] of open) test(`${JSON.stringify(paths)} ${sub} -> ${want}`, () => assert.equal(isOpenPath(paths, sub), want));
  test('prefixOf', () => {
    assert.equal(prefixOf('/rest/v1/:table'), '/rest/v1');
    assert.equal(prefixOf('/api/health'), '/api');
    assert.equal(prefixOf('/rest/v10/x'), '-');
    assert.equal(prefixOf(undefined), '-');
  });
});

describe('matchApiKey', () => {
  test('finds each key, refuses others and near-misses', async () => {
    const p = await makeProject('keys');
    const o = await makeProject('other');
    const keys = await loadProjectKeys(p);
    assert.equal(matchApiKey(keys, p.anonKey)?.keyRole, 'anon');
    assert.equal(matchApiKey(keys, p.serviceRoleKey)?.keyRole, 'service_role');
    for (const bad of [o.anonKey, o.serviceRoleKey, p.anonKey.slice(0, -1), `${p.anonKey}x`, '', 'x']) assert.equal(matchApiKey(keys, bad), null);
  });
  test('a project whose keys do not verify with its secret does not start', async () => {
    const p = await makeProject('broken');
    const o = await makeProject('other');
    await assert.rejects(loadProjectKeys({ ...p, anonKey: o.anonKey }), /anon key does not verify/);
  });
});

describe('TokenCache', () => {
  test('hit, LRU eviction, expiry at exp + skew', () => {
    let now = 1_000_000_000_000;
    const c = new TokenCache(2, () => now);
    const exp = now / 1000 + 60;
    c.set('a', { role: 'x', exp });
    c.set('b', { role: 'y' });
    assert.equal(c.get('a')?.role, 'x'); // a is now most recent
    c.set('c', { role: 'z' });
    assert.equal(c.get('b'), undefined, 'least recently used was evicted');
    assert.equal(c.size, 2);
    now += 60_000 + 29_000;
    assert.equal(c.get('a')?.role, 'x', 'still inside the 30 s skew');
    now += 2_000;
    assert.equal(c.get('a'), undefined, 'gone after exp + skew');
  });
  test('already-expired claims are not stored; stored claims are frozen', () => {
    const c = new TokenCache(10, () => 1_000_000_000_000);
    c.set('old', { exp: 1_000_000_000 - 31 });
    assert.equal(c.get('old'), undefined);
    const claims = c.set('t', { role: 'r', app_metadata: { a: 1 } });
    assert.throws(() => { (claims.app_metadata as Record<string, number>).a = 2; });
  });
  test('resolveAuth verifies a token once, then serves it from the cache', async () => {
    const p = await makeProject('cached');
    const keys = await loadProjectKeys(p);
    const cache = new TokenCache();
    const user = await signJwt(p.jwtSecret, { role: 'authenticated', sub: 'u' }, { expiresInS: 60 });
    const ctx = { jwtSecret: p.jwtSecret, keys, cache };
    const first = await resolveAuth({ apikey: p.anonKey, authorization: `Bearer ${user}`, keyRequired: true }, ctx);
    assert.equal(cache.size, 1);
    // With the secret changed, only the cache can still answer: proves the second call did not re-verify.
    const second = await resolveAuth({ apikey: p.anonKey, authorization: `Bearer ${user}`, keyRequired: true }, { ...ctx, jwtSecret: 'other' });
    assert.ok(first.kind === 'resolved' && second.kind === 'resolved');
    assert.equal(second.auth.role, 'authenticated');
    assert.equal(second.jwtError, null);
    await assert.rejects(verifyJwt('other', user));
  });
  test('failed verifications are not cached', async () => {
    const p = await makeProject('neg');
    const cache = new TokenCache();
    const ctx = { jwtSecret: p.jwtSecret, keys: await loadProjectKeys(p), cache };
    const r = await resolveAuth({ apikey: p.anonKey, authorization: 'Bearer a.b.c', keyRequired: true }, ctx);
    assert.ok(r.kind === 'resolved' && r.jwtError?.reason === 'malformed');
    assert.equal(cache.size, 0);
  });
});
