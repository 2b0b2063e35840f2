// Admin API through supabase.auth.admin, JWT attack cases (each must be refused), GoTrue error shapes,
// rate limits (burst then 429), and a user's token under RLS (auth.uid() = the user).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair, exportSPKI } from 'jose';
import { decodeUnverified, signJwt, verifyJwt } from '@powabase/keys';
import { codeIn, email, follow, fragment, lastMail, linkIn, openTestDb, SITE, startStack, type Stack, type TestDb } from './helpers.ts';

let tdb: TestDb;
let stack: Stack;
before(async () => {
  tdb = await openTestDb();
  stack = await startStack(tdb.db);
});
after(async () => { await stack.close(); await tdb.close(); });

describe('admin API', () => {
  test('createUser, getUserById, updateUserById, listUsers with pagination, deleteUser', async () => {
    const admin = stack.admin().auth.admin;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { data, error } = await admin.createUser({ email: email(`adm${i}`), password: 'correct-horse-9', email_confirm: true, user_metadata: { i }, app_metadata: { plan: 'pro' } });
      assert.equal(error, null);
      assert.equal(data.user?.app_metadata.plan, 'pro');
      assert.ok(data.user?.email_confirmed_at);
      ids.push(data.user!.id);
    }
    const dup = await admin.createUser({ email: (await admin.getUserById(ids[0])).data.user!.email!, password: 'correct-horse-9' });
    assert.equal(dup.error?.code, 'email_exists');

    const page = await admin.listUsers({ page: 1, perPage: 2 });
    assert.equal(page.error, null);
    assert.equal(page.data.users.length, 2);
    assert.ok((page.data as { total: number }).total >= 3);
    assert.equal((page.data as { nextPage: number | null }).nextPage, 2);
    const raw = await fetch(`${stack.url}/auth/v1/admin/users?page=1&per_page=2`, { headers: { apikey: stack.project.serviceRoleKey, authorization: `Bearer ${stack.project.serviceRoleKey}` } });
    assert.match(raw.headers.get('link') ?? '', /^<\/admin\/users\?page=2&per_page=2>; rel="next", <\/admin\/users\?page=\d+&per_page=2>; rel="last"$/);
    assert.ok(Number(raw.headers.get('x-total-count')) >= 3);

    const before = await stack.client().auth.signInWithPassword({ email: (await admin.getUserById(ids[0])).data.user!.email!, password: 'correct-horse-9' });
    assert.equal(before.error, null);
    const up = await admin.updateUserById(ids[0], { user_metadata: { nick: 'z' }, app_metadata: { role2: 'x' }, ban_duration: '24h' });
    assert.equal(up.error, null);
    assert.deepEqual(up.data.user?.user_metadata, { i: 0, nick: 'z' });
    assert.ok(up.data.user?.banned_until);
    const banned = await stack.client().auth.signInWithPassword({ email: up.data.user!.email!, password: 'correct-horse-9' });
    assert.equal(banned.error?.code, 'user_banned');
    // a ban ends the user's sessions, so an earlier refresh token is gone
    const bannedRefresh = await stack.client().auth.refreshSession({ refresh_token: before.data.session!.refresh_token });
    assert.equal(bannedRefresh.error?.code, 'refresh_token_not_found');
    await admin.updateUserById(ids[0], { ban_duration: 'none' });
    assert.equal((await stack.client().auth.signInWithPassword({ email: up.data.user!.email!, password: 'correct-horse-9' })).error, null);

    assert.equal((await admin.deleteUser(ids[1])).error, null);
    assert.equal((await admin.getUserById(ids[1])).error?.code, 'user_not_found');
    assert.equal((await admin.mfa.listFactors({ userId: ids[0] })).data?.factors.length, 0);
  });

  test('generateLink returns a working action link and OTP without sending mail', async () => {
    const admin = stack.admin().auth.admin;
    const addr = email('genlink');
    const { data, error } = await admin.generateLink({ type: 'signup', email: addr, password: 'correct-horse-9', options: { redirectTo: `${SITE}/x` } });
    assert.equal(error, null);
    assert.equal(data.properties?.verification_type, 'signup');
    assert.match(data.properties!.email_otp, /^\d{6}$/);
    assert.equal(stack.catcher.listMessages({ to: addr }).length, 0);
    const f = fragment(await follow(data.properties!.action_link));
    assert.equal(f.get('type'), 'signup');
    const ml = await admin.generateLink({ type: 'magiclink', email: addr });
    const v = await stack.client().auth.verifyOtp({ token_hash: ml.data.properties!.hashed_token, type: 'magiclink' });
    assert.equal(v.error, null);
    assert.equal(v.data.user?.email, addr);
  });

  test('inviteUserByEmail sends an invite whose link signs the user in to set a password', async () => {
    const addr = email('invite');
    const { data, error } = await stack.admin().auth.admin.inviteUserByEmail(addr, { data: { team: 'a' }, redirectTo: `${SITE}/join` });
    assert.equal(error, null);
    assert.ok(data.user?.invited_at);
    const mail = lastMail(stack, addr);
    assert.equal(mail.subject, 'You have been invited');
    const loc = await follow(linkIn(mail));
    assert.ok(loc.startsWith(`${SITE}/join#`));
    const f = fragment(loc);
    assert.equal(f.get('type'), 'invite');
    const sb = stack.client();
    await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
    assert.equal((await sb.auth.updateUser({ password: 'invited-pass-1' })).error, null);
    assert.equal((await stack.client().auth.signInWithPassword({ email: addr, password: 'invited-pass-1' })).error, null);
  });

  test('admin routes refuse a user token (403 not_admin) and no token (401)', async () => {
    const addr = email('notadmin');
    await stack.admin().auth.admin.createUser({ email: addr, password: 'correct-horse-9', email_confirm: true });
    const sb = stack.client();
    const { data } = await sb.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
    const r = await fetch(`${stack.url}/auth/v1/admin/users`, { headers: { apikey: stack.project.anonKey, authorization: `Bearer ${data.session!.access_token}`, 'x-supabase-api-version': '2024-01-01' } });
    assert.equal(r.status, 403);
    assert.deepEqual(await r.json(), { code: 'not_admin', message: 'User not allowed' });
    const anon = await fetch(`${stack.url}/auth/v1/admin/users`, { headers: { apikey: stack.project.anonKey, authorization: `Bearer ${stack.project.anonKey}` } });
    assert.equal(anon.status, 403);
    const none = await fetch(`${stack.url}/auth/v1/admin/users`, { headers: { apikey: stack.project.anonKey } });
    assert.equal(none.status, 401);
  });
});

describe('JWT attacks on GET /user', () => {
  let good: string;
  let claims: Record<string, unknown>;
  before(async () => {
    const addr = email('jwt');
    await stack.admin().auth.admin.createUser({ email: addr, password: 'correct-horse-9', email_confirm: true });
    const { data } = await stack.client().auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
    good = data.session!.access_token;
    claims = decodeUnverified(good)!;
  });
  const getUser = (token: string, versioned = true) => fetch(`${stack.url}/auth/v1/user`, {
    headers: { apikey: stack.project.anonKey, authorization: `Bearer ${token}`, ...(versioned ? { 'x-supabase-api-version': '2024-01-01' } : {}) },
  });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  async function refused(token: string, status: number, code: string) {
    const r = await getUser(token);
    const body = await r.json() as Record<string, unknown>;
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(body.code, code);
    assert.equal(body.id, undefined, 'no user data leaks');
  }

  test('a valid token works (control)', async () => {
    assert.equal((await getUser(good)).status, 200);
  });
  test('alg none is refused', async () => {
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, 403, 'bad_jwt');
  });
  test('RS256 (asymmetric) token is refused: alg is pinned to HS256', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await refused(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey), 403, 'bad_jwt');
  });
  test('HS/RS confusion: HS256 signed with a public key as the secret is refused', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    await refused(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(pem)), 403, 'bad_jwt');
  });
  test('a token signed with another secret is refused', async () => {
    await refused(await signJwt('not-the-project-secret-at-all-0123456789', claims), 403, 'bad_jwt');
  });
  test('an expired token is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(await signJwt(stack.project.jwtSecret, { ...claims, iat: now - 7200, exp: now - 3600 }), 403, 'bad_jwt');
  });
  test('a tampered payload is refused', async () => {
    const [h, , s] = good.split('.');
    await refused(`${h}.${b64({ ...claims, role: 'service_role' })}.${s}`, 403, 'bad_jwt');
  });
  test('a token for another audience is refused', async () => {
    await refused(await signJwt(stack.project.jwtSecret, { ...claims, aud: 'someone-else' }), 403, 'unexpected_audience');
  });
  test('the anon key is not a user token', async () => {
    await refused(stack.project.anonKey, 403, 'bad_jwt');
  });
  test('legacy error shape without the API version header', async () => {
    const r = await getUser('garbage.token.here', false);
    const body = await r.json() as Record<string, unknown>;
    assert.equal(r.status, 403);
    assert.equal(body.code, 403);
    assert.equal(body.error_code, 'bad_jwt');
    assert.equal(typeof body.msg, 'string');
    assert.equal(r.headers.get('x-sb-error-code'), 'bad_jwt');
  });
});

describe('rate limits', () => {
  test('OTP requests: burst then 429 over_request_rate_limit', async () => {
    const limited = await startStack(tdb.db, { rateLimits: { otp: { count: 3, periodS: 300 } } }, { catcher: stack.catcher });
    try {
      const sb = limited.client();
      for (let i = 0; i < 3; i++) assert.equal((await sb.auth.signInWithOtp({ email: email('rl') })).error, null);
      const r = await sb.auth.signInWithOtp({ email: email('rl') });
      assert.equal(r.error?.status, 429);
      assert.equal(r.error?.code, 'over_request_rate_limit');
    } finally { await limited.close(); }
  });

  test('emails sent per hour: 429 over_email_send_rate_limit; per-address frequency too', async () => {
    const limited = await startStack(tdb.db, { rateLimits: { emailSent: { count: 2, periodS: 3600 } } }, { catcher: stack.catcher });
    try {
      const sb = limited.client();
      assert.equal((await sb.auth.signUp({ email: email('q1'), password: 'correct-horse-9' })).error, null);
      assert.equal((await sb.auth.signUp({ email: email('q2'), password: 'correct-horse-9' })).error, null);
      const r = await sb.auth.signUp({ email: email('q3'), password: 'correct-horse-9' });
      assert.equal(r.error?.status, 429);
      assert.equal(r.error?.code, 'over_email_send_rate_limit');
    } finally { await limited.close(); }
    const throttled = await startStack(tdb.db, { smtpMaxFrequencyS: 60 }, { catcher: stack.catcher });
    try {
      const addr = email('freq');
      await throttled.admin().auth.admin.createUser({ email: addr, password: 'correct-horse-9', email_confirm: true });
      assert.equal((await throttled.client().auth.resetPasswordForEmail(addr)).error, null);
      const again = await throttled.client().auth.resetPasswordForEmail(addr);
      assert.equal(again.error?.code, 'over_email_send_rate_limit');
      assert.match(again.error!.message, /^For security purposes, you can only request this after \d+ seconds\.$/);
    } finally { await throttled.close(); }
  });

  test('token endpoint: burst then 429', async () => {
    const limited = await startStack(tdb.db, { rateLimits: { tokenRefresh: { count: 2, periodS: 300 } } }, { catcher: stack.catcher });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await limited.client().auth.signInWithPassword({ email: email('t'), password: 'x-password-1' })).error?.status, 400);
      const r = await limited.client().auth.signInWithPassword({ email: email('t'), password: 'x-password-1' });
      assert.equal(r.error?.status, 429);
      assert.equal(r.error?.code, 'over_request_rate_limit');
    } finally { await limited.close(); }
  });
});

describe('tokens across services', () => {
  test("a user's token drives RLS: auth.uid() is the user, policies see only their rows", async () => {
    const { db } = tdb;
    await db.query(`create table public.notes (id serial primary key, owner uuid not null default auth.uid(), body text);
      alter table public.notes enable row level security;
      create policy own_notes on public.notes for all to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
      grant all on public.notes to authenticated; grant usage on sequence public.notes_id_seq to authenticated;`);
    const tokens: string[] = [];
    for (const tag of ['rls-a', 'rls-b']) {
      const addr = email(tag);
      await stack.admin().auth.admin.createUser({ email: addr, password: 'correct-horse-9', email_confirm: true });
      tokens.push((await stack.client().auth.signInWithPassword({ email: addr, password: 'correct-horse-9' })).data.session!.access_token);
    }
    // What REST does with a Bearer: verify it with the project secret, then a role transaction with its claims.
    const [a, b] = await Promise.all(tokens.map((t) => verifyJwt(stack.project.jwtSecret, t)));
    const asUser = <T>(claims: Record<string, unknown>, fn: (q: (s: string) => Promise<T[]>) => Promise<T[]>) =>
      db.withRole({ role: String(claims.role), claims }, (c) => fn(async (s) => (await c.query(s)).rows as T[]));
    assert.deepEqual(await asUser(a, (q) => q('select auth.uid()::text as uid')), [{ uid: a.sub }]);
    await asUser(a, (q) => q("insert into public.notes (body) values ('mine') returning id"));
    assert.equal((await asUser(a, (q) => q('select * from public.notes'))).length, 1);
    assert.equal((await asUser(b, (q) => q('select * from public.notes'))).length, 0);
    // auth.users stays out of reach of the API roles
    await assert.rejects(asUser(a, (q) => q('select * from auth.users')), /permission denied/);
    await assert.rejects(db.withRole({ role: 'service_role', claims: {} }, (c) => c.query('select * from auth.users')), /permission denied/);
  });
});
