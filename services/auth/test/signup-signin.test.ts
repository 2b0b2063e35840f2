// supabase-js flows through the gateway: signUp with and without autoconfirm (confirmation mail followed),
// signInWithPassword, getUser, getSession, refreshSession (rotation, reuse rules), signOut scopes.
// Runs on PGlite always and on a PostgreSQL server when TEST_PG_URL is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUnverified } from '@powabase/keys';
import { email, follow, fragment, lastMail, linkIn, openTestDb, SITE, startStack, type Engine, type Stack, type TestDb } from './helpers.ts';

for (const engine of ['pglite', 'postgres'] as Engine[]) {
  const skip = engine === 'postgres' && !process.env.TEST_PG_URL ? 'TEST_PG_URL not set' : false;
  describe(`on ${engine}`, { skip }, () => {
    let tdb: TestDb;
    let stack: Stack;
    let auto: Stack;
    before(async () => {
      tdb = await openTestDb(engine);
      stack = await startStack(tdb.db);
      auto = await startStack(tdb.db, { autoconfirm: true }, { catcher: stack.catcher });
    });
    after(async () => { await auto.close(); await stack.close(); await tdb.close(); });

    describe('signUp', () => {
      test('without autoconfirm: a user, no session, a confirmation mail whose link signs in', async () => {
        const sb = stack.client();
        const addr = email('confirm');
        const { data, error } = await sb.auth.signUp({ email: addr, password: 'correct-horse-9', options: { data: { name: 'Ada' }, emailRedirectTo: `${SITE}/welcome` } });
        assert.equal(error, null);
        assert.equal(data.session, null);
        assert.equal(data.user?.email, addr);
        assert.deepEqual(data.user?.user_metadata, { name: 'Ada' });
        assert.ok(data.user?.confirmation_sent_at);
        assert.equal(data.user?.email_confirmed_at, undefined);

        const signIn = await sb.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
        assert.equal(signIn.error?.code, 'email_not_confirmed');
        assert.equal(signIn.error?.status, 400);

        const mail = lastMail(stack, addr);
        assert.equal(mail.subject, 'Confirm Your Email');
        const loc = await follow(linkIn(mail));
        assert.ok(loc.startsWith(`${SITE}/welcome#`), loc);
        const f = fragment(loc);
        assert.equal(f.get('type'), 'signup');
        assert.equal(f.get('token_type'), 'bearer');
        assert.equal(f.get('expires_in'), '3600');
        assert.ok(f.has('sb'));
        const set = await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
        assert.equal(set.error, null);
        assert.ok(set.data.user?.email_confirmed_at);

        const again = await sb.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
        assert.equal(again.error, null);
        assert.equal(again.data.user?.id, data.user?.id);
      });

      test('a used or tampered confirmation link redirects with otp_expired', async () => {
        const addr = email('reuse');
        await stack.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        const link = linkIn(lastMail(stack, addr));
        await follow(link);
        const f = fragment(await follow(link));
        assert.equal(f.get('error_code'), 'otp_expired');
        assert.equal(f.get('error_description'), 'Email link is invalid or has expired');
      });

      test('with autoconfirm: a session at once, with GoTrue claims', async () => {
        const addr = email('auto');
        const { data, error } = await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        assert.equal(error, null);
        assert.ok(data.session);
        const claims = decodeUnverified(data.session!.access_token)!;
        assert.equal(claims.sub, data.user!.id);
        assert.equal(claims.aud, 'authenticated');
        assert.equal(claims.role, 'authenticated');
        assert.equal(claims.email, addr);
        assert.equal(claims.phone, '');
        assert.equal(claims.aal, 'aal1');
        assert.equal(claims.is_anonymous, false);
        assert.equal(claims.iss, `${auto.url}/auth/v1`);
        assert.equal((claims.exp as number) - (claims.iat as number), 3600);
        assert.deepEqual((claims.amr as { method: string }[]).map((a) => a.method), ['password']);
        assert.deepEqual(claims.app_metadata, { provider: 'email', providers: ['email'] });
        assert.equal(typeof claims.session_id, 'string');
        assert.equal(data.user!.identities![0].provider, 'email');
      });

      test('existing email: an obfuscated user without autoconfirm, user_already_exists with it', async () => {
        const addr = email('dup');
        const first = await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        const fake = await stack.client().auth.signUp({ email: addr, password: 'other-password-1' });
        assert.equal(fake.error, null);
        assert.notEqual(fake.data.user?.id, first.data.user?.id);
        assert.deepEqual(fake.data.user?.identities, []);
        const dup = await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        assert.equal(dup.error?.code, 'user_already_exists');
        assert.equal(dup.error?.status, 422);
      });

      test('weak passwords get 422 weak_password with reasons', async () => {
        const { error } = await stack.client().auth.signUp({ email: email('weak'), password: 'short' });
        assert.equal(error?.status, 422);
        assert.equal(error?.code, 'weak_password');
        assert.deepEqual((error as unknown as { reasons: string[] }).reasons, ['length']);
      });
    });

    describe('sessions', () => {
      test('signInWithPassword, getUser, getSession; wrong password is invalid_credentials', async () => {
        const addr = email('signin');
        await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        const sb = auto.client();
        const bad = await sb.auth.signInWithPassword({ email: addr, password: 'wrong-password' });
        assert.equal(bad.error?.code, 'invalid_credentials');
        assert.equal(bad.error?.message, 'Invalid login credentials');
        const unknown = await sb.auth.signInWithPassword({ email: email('nobody'), password: 'wrong-password' });
        assert.equal(unknown.error?.code, 'invalid_credentials');
        const ok = await sb.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
        assert.equal(ok.error, null);
        const me = await sb.auth.getUser();
        assert.equal(me.data.user?.email, addr);
        assert.ok(me.data.user?.last_sign_in_at);
        const s = await sb.auth.getSession();
        assert.equal(s.data.session?.access_token, ok.data.session?.access_token);
      });

      test('refreshSession rotates; reuse within 10 s is allowed, later reuse revokes the family', async () => {
        const addr = email('refresh');
        const sb = auto.client();
        const { data } = await sb.auth.signUp({ email: addr, password: 'correct-horse-9' });
        const rt0 = data.session!.refresh_token;
        const r1 = await sb.auth.refreshSession();
        assert.equal(r1.error, null);
        const rt1 = r1.data.session!.refresh_token;
        assert.notEqual(rt1, rt0);
        assert.equal(decodeUnverified(r1.data.session!.access_token)!.session_id, decodeUnverified(data.session!.access_token)!.session_id);

        // rt0 is the parent of the active token: the active token comes back (the client lost the answer)
        const lost = await auto.client().auth.refreshSession({ refresh_token: rt0 });
        assert.equal(lost.data.session?.refresh_token, rt1);

        const r2 = await auto.client().auth.refreshSession({ refresh_token: rt1 });
        const rt2 = r2.data.session!.refresh_token;
        // rt0 is no longer the parent of the active one, but it is within the reuse interval of its revocation? No:
        // rt0 was revoked at the first refresh; within 10 s a reuse yields a new child.
        const within = await auto.client().auth.refreshSession({ refresh_token: rt0 });
        assert.equal(within.error, null);
        auto.advance(11_000);
        try {
          const late = await auto.client().auth.refreshSession({ refresh_token: rt1 });
          assert.equal(late.error?.code, 'refresh_token_already_used');
          assert.equal(late.error?.message, 'Invalid Refresh Token: Already Used');
          // the whole family is revoked: the newest token no longer works either
          const after = await auto.client().auth.refreshSession({ refresh_token: rt2 });
          assert.equal(after.error?.code, 'refresh_token_already_used');
        } finally {
          auto.advance(-11_000);
        }
        const nf = await auto.client().auth.refreshSession({ refresh_token: 'not-a-token' });
        assert.equal(nf.error?.code, 'refresh_token_not_found');
      });

      test('two concurrent refreshes of one token both succeed with the same new token', async () => {
        const addr = email('race');
        const { data } = await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        const rt = data.session!.refresh_token;
        const [a, b] = await Promise.all([0, 1].map(() => auto.client().auth.refreshSession({ refresh_token: rt })));
        assert.equal(a.error, null);
        assert.equal(b.error, null);
        assert.equal(a.data.session!.refresh_token, b.data.session!.refresh_token);
        assert.notEqual(a.data.session!.refresh_token, rt);
        assert.deepEqual(a.data.user, b.data.user);
      });

      test('refresh of a banned user or an expired session is refused (user_banned, session_expired)', async () => {
        const { data } = await auto.client().auth.signUp({ email: email('ban-refresh'), password: 'correct-horse-9' });
        const rt = data.session!.refresh_token;
        const id = data.user!.id;
        await tdb.db.query("update auth.users set banned_until = now() + interval '1 hour' where id = $1", [id]);
        assert.equal((await auto.client().auth.refreshSession({ refresh_token: rt })).error?.code, 'user_banned');
        await tdb.db.query('update auth.users set banned_until = null where id = $1', [id]);
        await tdb.db.query("update auth.sessions set not_after = now() - interval '1 minute' where user_id = $1", [id]);
        assert.equal((await auto.client().auth.refreshSession({ refresh_token: rt })).error?.code, 'session_expired');
        await tdb.db.query('update auth.sessions set not_after = null where user_id = $1', [id]);
        assert.equal((await auto.client().auth.refreshSession({ refresh_token: rt })).error, null);
      });

      test('signOut scopes: local ends one session, others the rest, global all', async () => {
        const addr = email('logout');
        await auto.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
        const devices = [auto.client(), auto.client(), auto.client(), auto.client()];
        for (const d of devices) assert.equal((await d.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' })).error, null);
        const tokens = await Promise.all(devices.map(async (d) => (await d.auth.getSession()).data.session!));
        const alive = async (i: number) => !(await auto.client().auth.getUser(tokens[i].access_token)).error;

        assert.equal((await devices[0].auth.signOut({ scope: 'local' })).error, null);
        assert.deepEqual([await alive(0), await alive(1), await alive(2), await alive(3)], [false, true, true, true]);
        const lostSession = await auto.client().auth.getUser(tokens[0].access_token);
        assert.equal(lostSession.error?.name, 'AuthSessionMissingError', String(lostSession.error));
        assert.equal((await auto.client().auth.refreshSession({ refresh_token: tokens[0].refresh_token })).error?.code, 'refresh_token_not_found');

        assert.equal((await devices[1].auth.signOut({ scope: 'others' })).error, null);
        assert.deepEqual([await alive(1), await alive(2), await alive(3)], [true, false, false]);

        const d4 = auto.client();
        await d4.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
        assert.equal((await devices[1].auth.signOut()).error, null);
        assert.equal(await alive(1), false);
        assert.equal((await d4.auth.getUser()).error?.name, 'AuthSessionMissingError');
      });
    });
  });
}
