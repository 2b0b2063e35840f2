// Platform auth: signup rules, password and refresh grants (rotation, reuse), logout, personal access
// tokens, and the HTTP basics (JSON errors, 404, bad JSON, body limit, OpenAPI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUnverified, signJwt } from '@powabase/keys';
import { email, harness, JWT_SECRET, onEachEngine, resetPlatform } from './harness.ts';

onEachEngine((db) => {
  test('first signup is allowed even with signups disabled; later ones are refused', async () => {
    await resetPlatform(db());
    const h = await harness(db(), { allowSignup: false });
    const first = await h.req('POST', '/v1/auth/signup', { body: { email: 'Owner@Example.com', password: 'password-1' } });
    assert.equal(first.status, 200);
    assert.equal(first.body.token_type, 'bearer');
    assert.equal(first.body.expires_in, 3600);
    assert.equal(first.body.user.email, 'owner@example.com');
    const second = await h.req('POST', '/v1/auth/signup', { body: { email: email('late'), password: 'password-1' } });
    assert.equal(second.status, 422);
    assert.deepEqual(second.body, { message: 'Signups not allowed for this instance', code: 'signup_disabled' });
    await h.close();
  });

  test('signup: duplicate email, short password, bad email', async () => {
    const h = await harness(db());
    const e = email('dup');
    assert.equal((await h.req('POST', '/v1/auth/signup', { body: { email: e, password: 'password-1' } })).status, 200);
    const dup = await h.req('POST', '/v1/auth/signup', { body: { email: e.toUpperCase(), password: 'password-1' } });
    assert.equal(dup.status, 422);
    assert.equal(dup.body.code, 'user_already_exists');
    assert.equal((await h.req('POST', '/v1/auth/signup', { body: { email: email('s'), password: 'short' } })).body.code, 'weak_password');
    assert.equal((await h.req('POST', '/v1/auth/signup', { body: { email: 'nope', password: 'password-1' } })).status, 400);
    const missing = await h.req('POST', '/v1/auth/signup', { body: { email: email('m') } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'validation_failed');
    await h.close();
  });

  test('password grant issues an HS256 platform JWT; wrong password and unknown email are 400', async () => {
    const h = await harness(db());
    const e = email('login');
    await h.signup(e, 'correct-horse');
    const ok = await h.req('POST', '/v1/auth/token?grant_type=password', { body: { email: e, password: 'correct-horse' } });
    assert.equal(ok.status, 200);
    const claims = decodeUnverified(ok.body.access_token)!;
    assert.equal(claims.sub, ok.body.user.id);
    assert.equal(claims.aud, 'powabase-platform');
    assert.equal((claims.exp as number) - (claims.iat as number), 3600);
    const header = JSON.parse(Buffer.from(ok.body.access_token.split('.')[0], 'base64url').toString());
    assert.equal(header.alg, 'HS256');
    const bad = await h.req('POST', '/v1/auth/token?grant_type=password', { body: { email: e, password: 'wrong-horse' } });
    assert.deepEqual([bad.status, bad.body.code], [400, 'invalid_credentials']);
    const unknown = await h.req('POST', '/v1/auth/token?grant_type=password', { body: { email: email('nobody'), password: 'whatever-1' } });
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'invalid_credentials']);
    assert.equal((await h.req('POST', '/v1/auth/token?grant_type=magic', { body: {} })).status, 400);
    assert.equal((await h.req('POST', '/v1/auth/token', { body: { email: e, password: 'x' } })).status, 400);
    await h.close();
  });

  test('GET /v1/auth/user with the access token; 401 without or with a forged one', async () => {
    const h = await harness(db());
    const e = email('me');
    const s = await h.signup(e);
    const me = await h.req('GET', '/v1/auth/user', { token: s.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, e);
    assert.equal(me.body.password_hash, undefined);
    assert.equal((await h.req('GET', '/v1/auth/user')).status, 401);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: 'garbage' })).status, 401);
    const claims = decodeUnverified(s.token)!;
    const forged = await signJwt('some-other-secret-that-is-long-enough!!', { ...claims });
    assert.equal((await h.req('GET', '/v1/auth/user', { token: forged })).status, 401);
    const expired = await signJwt(JWT_SECRET, { ...claims, exp: Math.floor(Date.now() / 1000) - 3600 });
    const r = await h.req('GET', '/v1/auth/user', { token: expired });
    assert.deepEqual([r.status, r.body.code], [401, 'unauthorized']);
    await h.close();
  });

  test('refresh tokens rotate; reusing a rotated one ends the session', async () => {
    const h = await harness(db());
    const s = await h.signup(email('refresh'));
    const r1 = await h.req('POST', '/v1/auth/token?grant_type=refresh_token', { body: { refresh_token: s.refresh } });
    assert.equal(r1.status, 200);
    assert.notEqual(r1.body.refresh_token, s.refresh);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: r1.body.access_token })).status, 200);
    // The first token was rotated away: using it again is theft, and the whole session ends.
    const reuse = await h.req('POST', '/v1/auth/token?grant_type=refresh_token', { body: { refresh_token: s.refresh } });
    assert.deepEqual([reuse.status, reuse.body.code], [400, 'invalid_refresh_token']);
    assert.equal((await h.req('POST', '/v1/auth/token?grant_type=refresh_token', { body: { refresh_token: r1.body.refresh_token } })).status, 400);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: r1.body.access_token })).status, 401);
    assert.equal((await h.req('POST', '/v1/auth/token?grant_type=refresh_token', { body: { refresh_token: 'nope' } })).status, 400);
    await h.close();
  });

  test('refresh tokens are stored hashed', async () => {
    const h = await harness(db());
    const s = await h.signup(email('hashed'));
    const { rows } = await db().query('select token_hash from platform.refresh_tokens');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r: { token_hash: string }) => r.token_hash !== s.refresh && /^[0-9a-f]{64}$/.test(r.token_hash)));
    await h.close();
  });

  test('logout ends the session: its access and refresh tokens stop working', async () => {
    const h = await harness(db());
    const s = await h.signup(email('logout'));
    const out = await h.req('POST', '/v1/auth/logout', { token: s.token });
    assert.equal(out.status, 204);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: s.token })).status, 401);
    assert.equal((await h.req('POST', '/v1/auth/token?grant_type=refresh_token', { body: { refresh_token: s.refresh } })).status, 400);
    await h.close();
  });

  test('personal access tokens: shown once, stored hashed, accepted as Bearer, revocable', async () => {
    const h = await harness(db());
    const s = await h.signup(email('pat'));
    const made = await h.req('POST', '/v1/access-tokens', { token: s.token, body: { name: 'ci' } });
    assert.equal(made.status, 201);
    assert.match(made.body.token, /^pbp_[0-9a-f]{40}$/);
    assert.equal(made.body.name, 'ci');
    const pat = made.body.token;
    const { rows } = await db().query('select token_hash from platform.access_tokens where id = $1', [made.body.id]);
    assert.notEqual(rows[0].token_hash, pat);
    const me = await h.req('GET', '/v1/auth/user', { token: pat });
    assert.deepEqual([me.status, me.body.id], [200, s.userId]);
    const list = await h.req('GET', '/v1/access-tokens', { token: pat });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((t: { name: string }) => t.name), ['ci']);
    assert.equal(list.body[0].token, undefined);
    assert.ok(list.body[0].last_used_at, 'last_used_at is stamped on use');
    // Another user cannot see or delete it.
    const other = await h.signup(email('pat-other'));
    assert.deepEqual((await h.req('GET', '/v1/access-tokens', { token: other.token })).body, []);
    assert.equal((await h.req('DELETE', `/v1/access-tokens/${made.body.id}`, { token: other.token })).status, 404);
    assert.equal((await h.req('DELETE', `/v1/access-tokens/${made.body.id}`, { token: s.token })).status, 200);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: pat })).status, 401);
    assert.equal((await h.req('GET', '/v1/auth/user', { token: 'pbp_' + '0'.repeat(40) })).status, 401);
    await h.close();
  });

  test('HTTP basics: JSON 404, bad JSON 400, body limit 413, errors as { message }', async () => {
    const h = await harness(db(), { bodyLimit: 1024 });
    const s = await h.signup(email('http'));
    const nf = await h.req('GET', '/v1/nothing-here', { token: s.token });
    assert.equal(nf.status, 404);
    assert.equal(typeof nf.body.message, 'string');
    assert.equal(nf.body.code, 'route_not_found');
    const bad = await h.req('POST', '/v1/organizations', { token: s.token, raw: '{"name": ' });
    assert.deepEqual([bad.status, bad.body.code], [400, 'invalid_json']);
    const big = await h.req('POST', '/v1/organizations', { token: s.token, body: { name: 'x'.repeat(2000) } });
    assert.deepEqual([big.status, big.body.code], [413, 'body_too_large']);
    const proto = await h.req('POST', '/v1/organizations', { token: s.token, raw: '{"name":"a","__proto__":{"x":1}}' });
    assert.equal(proto.status, 400);
    const empty = await h.req('POST', '/v1/auth/logout', { token: s.token, raw: '' });
    assert.equal(empty.status, 204, 'an empty JSON body counts as none');
    await h.close();
  });

  test('OpenAPI 3.1 document lists every route with its permissions', async () => {
    const h = await harness(db());
    const r = await h.req('GET', '/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    const ops = Object.entries(r.body.paths as Record<string, Record<string, any>>)
      .flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    const expected = [
      'POST /v1/auth/signup', 'POST /v1/auth/token', 'POST /v1/auth/logout', 'GET /v1/auth/user',
      'POST /v1/access-tokens', 'GET /v1/access-tokens', 'DELETE /v1/access-tokens/{id}',
      'GET /v1/organizations', 'POST /v1/organizations', 'GET /v1/organizations/{slug}', 'PATCH /v1/organizations/{slug}',
      'DELETE /v1/organizations/{slug}', 'GET /v1/organizations/{slug}/members', 'PATCH /v1/organizations/{slug}/members/{user_id}',
      'DELETE /v1/organizations/{slug}/members/{user_id}', 'POST /v1/organizations/{slug}/invitations',
      'GET /v1/organizations/{slug}/invitations', 'DELETE /v1/organizations/{slug}/invitations/{id}', 'POST /v1/invitations/{token}/accept',
      'GET /v1/projects', 'POST /v1/projects', 'GET /v1/projects/{ref}', 'PATCH /v1/projects/{ref}', 'POST /v1/projects/{ref}/pause',
      'POST /v1/projects/{ref}/restore', 'POST /v1/projects/{ref}/resume', 'DELETE /v1/projects/{ref}', 'GET /v1/projects/{ref}/health',
      'GET /v1/projects/{ref}/api-keys', 'GET /v1/projects/{ref}/connect', 'POST /v1/projects/{ref}/database/query',
      'GET /v1/projects/{ref}/config/auth', 'PATCH /v1/projects/{ref}/config/auth',
      'GET /v1/openapi.json',
    ];
    assert.deepEqual(ops.sort(), expected.sort());
    const del = r.body.paths['/v1/projects/{ref}'].delete;
    assert.deepEqual(del['x-powabase-permissions'], [{ action: 'projects.delete', roles: ['owner', 'admin'] }]);
    assert.deepEqual(del.security, [{ bearer: [] }]);
    assert.deepEqual(r.body.paths['/v1/auth/signup'].post.security, []);
    assert.equal(r.body.paths['/v1/projects/{ref}'].get.parameters[0].name, 'ref');
    await h.close();
  });
});
