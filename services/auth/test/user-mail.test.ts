// supabase-js flows that go through mail: updateUser (metadata, email change, password), password recovery,
// magic link and email OTP, anonymous sign-in made permanent, PKCE email links, reauthentication, MFA TOTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { decodeUnverified } from '@powabase/keys';
import { codeIn, email, follow, fragment, lastMail, linkIn, openTestDb, SITE, startStack, type Stack, type TestDb } from './helpers.ts';

let tdb: TestDb;
let stack: Stack;
before(async () => {
  tdb = await openTestDb();
  stack = await startStack(tdb.db, { anonymousEnabled: true });
});
after(async () => { await stack.close(); await tdb.close(); });

/** A confirmed user signed in on a fresh client. */
async function signedIn(tag: string, password = 'correct-horse-9') {
  const addr = email(tag);
  const admin = stack.admin();
  const { data } = await admin.auth.admin.createUser({ email: addr, password, email_confirm: true });
  const sb = stack.client();
  const r = await sb.auth.signInWithPassword({ email: addr, password });
  assert.equal(r.error, null);
  return { sb, addr, id: data.user!.id };
}

describe('updateUser', () => {
  test('merges metadata (null removes a key)', async () => {
    const { sb } = await signedIn('meta');
    await sb.auth.updateUser({ data: { a: 1, b: 2 } });
    const { data, error } = await sb.auth.updateUser({ data: { b: null, c: 3 } });
    assert.equal(error, null);
    assert.deepEqual(data.user?.user_metadata, { a: 1, c: 3 });
  });

  test('email change: mails to both addresses, both links confirm, then the new email signs in', async () => {
    const { sb, addr } = await signedIn('old');
    const next = email('new');
    const { data, error } = await sb.auth.updateUser({ email: next }, { emailRedirectTo: `${SITE}/changed` });
    assert.equal(error, null);
    assert.equal(data.user?.email, addr);
    assert.equal(data.user?.new_email, next);
    const toNew = lastMail(stack, next);
    const toOld = lastMail(stack, addr);
    assert.equal(toNew.subject, 'Confirm Email Change');
    const first = fragment(await follow(linkIn(toOld)));
    assert.match(first.get('message') ?? '', /Confirmation link accepted/);
    const second = fragment(await follow(linkIn(toNew)));
    assert.equal(second.get('type'), 'email_change');
    assert.ok(second.get('access_token'));
    const fresh = stack.client();
    assert.equal((await fresh.auth.signInWithPassword({ email: next, password: 'correct-horse-9' })).error, null);
    assert.equal((await fresh.auth.getUser()).data.user?.email, next);
  });

  test('email change to a taken address is email_exists', async () => {
    const { sb } = await signedIn('taker');
    const other = await signedIn('taken');
    const { error } = await sb.auth.updateUser({ email: other.addr });
    assert.equal(error?.code, 'email_exists');
    assert.equal(error?.status, 422);
  });

  test('password change: new password works, same password is refused, other sessions end', async () => {
    const { sb, addr } = await signedIn('pw');
    const other = stack.client();
    await other.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
    const same = await sb.auth.updateUser({ password: 'correct-horse-9' });
    assert.equal(same.error?.code, 'same_password');
    assert.equal((await sb.auth.updateUser({ password: 'battery-staple-7' })).error, null);
    assert.equal((await stack.client().auth.signInWithPassword({ email: addr, password: 'correct-horse-9' })).error?.code, 'invalid_credentials');
    assert.equal((await stack.client().auth.signInWithPassword({ email: addr, password: 'battery-staple-7' })).error, null);
    assert.ok((await other.auth.getUser()).error, 'the other session was revoked');
    assert.equal((await sb.auth.getUser()).error, null, 'the current session stays');
  });

  test('reauthenticate sends a nonce that a password update accepts', async () => {
    const { sb, addr } = await signedIn('reauth');
    assert.equal((await sb.auth.reauthenticate()).error, null);
    const nonce = codeIn(lastMail(stack, addr));
    const bad = await sb.auth.updateUser({ password: 'new-password-77', nonce: '000000' });
    assert.equal(bad.error?.code, 'reauthentication_not_valid');
    assert.equal((await sb.auth.updateUser({ password: 'new-password-77', nonce })).error, null);
  });
});

describe('passwordless and recovery', () => {
  test('resetPasswordForEmail -> mail -> verify -> new password works', async () => {
    const { addr } = await signedIn('reset');
    const sb = stack.client();
    assert.equal((await sb.auth.resetPasswordForEmail(addr, { redirectTo: `${SITE}/reset` })).error, null);
    const mail = lastMail(stack, addr);
    assert.equal(mail.subject, 'Reset Your Password');
    const f = fragment(await follow(linkIn(mail)));
    assert.equal(f.get('type'), 'recovery');
    await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
    assert.equal((await sb.auth.updateUser({ password: 'brand-new-pass-1' })).error, null);
    assert.equal((await stack.client().auth.signInWithPassword({ email: addr, password: 'brand-new-pass-1' })).error, null);
    // unknown addresses get the same answer
    assert.equal((await sb.auth.resetPasswordForEmail(email('ghost'))).error, null);
  });

  test('recovery with the code from the mail (verifyOtp type recovery)', async () => {
    const { addr } = await signedIn('reset-code');
    const sb = stack.client();
    await sb.auth.resetPasswordForEmail(addr);
    const events: string[] = [];
    sb.auth.onAuthStateChange((e) => { events.push(e); });
    const { data, error } = await sb.auth.verifyOtp({ email: addr, token: codeIn(lastMail(stack, addr)), type: 'recovery' });
    assert.equal(error, null);
    assert.ok(data.session);
    assert.ok(events.includes('PASSWORD_RECOVERY'));
  });

  test('signInWithOtp: magic link for a known user, code for a new one, create_user false refused', async () => {
    const { addr } = await signedIn('magic');
    assert.equal((await stack.client().auth.signInWithOtp({ email: addr, options: { emailRedirectTo: `${SITE}/magic` } })).error, null);
    const mail = lastMail(stack, addr);
    assert.equal(mail.subject, 'Your Magic Link');
    const loc = await follow(linkIn(mail));
    assert.ok(loc.startsWith(`${SITE}/magic#`));
    assert.equal(fragment(loc).get('type'), 'magiclink');

    const fresh = email('otp-new');
    const sb = stack.client();
    assert.equal((await sb.auth.signInWithOtp({ email: fresh })).error, null);
    const v = await sb.auth.verifyOtp({ email: fresh, token: codeIn(lastMail(stack, fresh)), type: 'email' });
    assert.equal(v.error, null);
    assert.equal(v.data.user?.email, fresh);
    assert.ok(v.data.user?.email_confirmed_at);
    const wrong = await stack.client().auth.verifyOtp({ email: fresh, token: '123456', type: 'email' });
    assert.equal(wrong.error?.code, 'otp_expired');
    assert.equal(wrong.error?.status, 403);

    const none = await stack.client().auth.signInWithOtp({ email: email('nouser'), options: { shouldCreateUser: false } });
    assert.equal(none.error?.code, 'otp_disabled');
  });

  test('resend type signup sends a new confirmation', async () => {
    const addr = email('resend');
    await stack.client().auth.signUp({ email: addr, password: 'correct-horse-9' });
    const before = stack.catcher.listMessages({ to: addr }).length;
    assert.equal((await stack.client().auth.resend({ type: 'signup', email: addr })).error, null);
    assert.equal(stack.catcher.listMessages({ to: addr }).length, before + 1);
  });

  test('PKCE: the signup link redirects with ?code= and exchangeCodeForSession signs in', async () => {
    const addr = email('pkce');
    const sb = stack.client({ flowType: 'pkce' });
    assert.equal((await sb.auth.signUp({ email: addr, password: 'correct-horse-9', options: { emailRedirectTo: `${SITE}/cb` } })).error, null);
    const link = linkIn(lastMail(stack, addr));
    assert.match(link, /token=pkce_/);
    const loc = await follow(link);
    const code = new URL(loc).searchParams.get('code');
    assert.ok(code, loc);
    const { data, error } = await sb.auth.exchangeCodeForSession(code!);
    assert.equal(error, null);
    assert.equal(data.user?.email, addr);
    const again = await sb.auth.exchangeCodeForSession(code!);
    assert.ok(again.error);
  });
});

describe('anonymous users', () => {
  test('signInAnonymously, then linking an email identity makes the user permanent', async () => {
    const sb = stack.client();
    const { data, error } = await sb.auth.signInAnonymously({ options: { data: { theme: 'dark' } } });
    assert.equal(error, null);
    assert.equal(data.user?.is_anonymous, true);
    assert.equal(decodeUnverified(data.session!.access_token)!.is_anonymous, true);
    const addr = email('anon');
    assert.equal((await sb.auth.updateUser({ email: addr })).error, null);
    const f = fragment(await follow(linkIn(lastMail(stack, addr))));
    assert.ok(f.get('access_token'));
    await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
    assert.equal((await sb.auth.updateUser({ password: 'anon-now-real-1' })).error, null);
    const u = (await sb.auth.getUser()).data.user!;
    assert.equal(u.id, data.user!.id);
    assert.equal(u.is_anonymous, false);
    assert.equal(u.email, addr);
    assert.deepEqual(u.identities?.map((i) => i.provider), ['email']);
    assert.equal((await stack.client().auth.signInWithPassword({ email: addr, password: 'anon-now-real-1' })).error, null);
  });
});

describe('MFA TOTP', () => {
  test('enroll, challenge, verify -> aal2; unenroll needs aal2', async () => {
    const { sb } = await signedIn('mfa');
    const en = await sb.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'phone app' });
    assert.equal(en.error, null);
    assert.match(en.data!.totp.qr_code, /^data:image\/svg\+xml;utf-8,<svg/);
    assert.match(en.data!.totp.uri, /^otpauth:\/\/totp\//);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(en.data!.totp.secret), digits: 6, period: 30 });
    const ch = await sb.auth.mfa.challenge({ factorId: en.data!.id });
    assert.equal(ch.error, null);
    const bad = await sb.auth.mfa.verify({ factorId: en.data!.id, challengeId: ch.data!.id, code: totp.generate() === '000000' ? '111111' : '000000' });
    assert.equal(bad.error?.code, 'mfa_verification_failed');
    const ok = await sb.auth.mfa.challengeAndVerify({ factorId: en.data!.id, code: totp.generate() });
    assert.equal(ok.error, null);
    const claims = decodeUnverified(ok.data!.access_token)!;
    assert.equal(claims.aal, 'aal2');
    assert.deepEqual((claims.amr as { method: string }[]).map((a) => a.method), ['totp', 'password']);
    const aal = await sb.auth.mfa.getAuthenticatorAssuranceLevel();
    assert.equal(aal.data?.currentLevel, 'aal2');
    const list = await sb.auth.mfa.listFactors();
    assert.equal(list.data?.totp.length, 1);
    // a refresh keeps the session's aal and AMR and answers the same user (identities, factors) as getUser
    const re = await sb.auth.refreshSession();
    assert.equal(re.error, null);
    const reClaims = decodeUnverified(re.data.session!.access_token)!;
    assert.equal(reClaims.aal, 'aal2');
    assert.deepEqual(reClaims.amr, claims.amr);
    assert.equal(reClaims.session_id, claims.session_id);
    assert.deepEqual(re.data.user, (await sb.auth.getUser()).data.user);
    assert.equal(re.data.user?.factors?.length, 1);
    assert.equal(re.data.user?.identities?.length, 1);

    // a new aal1 session of the same user may not change the password nor unenroll
    const { addr } = { addr: (await sb.auth.getUser()).data.user!.email! };
    const low = stack.client();
    await low.auth.signInWithPassword({ email: addr, password: 'correct-horse-9' });
    assert.equal((await low.auth.mfa.getAuthenticatorAssuranceLevel()).data?.nextLevel, 'aal2');
    const pw = await low.auth.updateUser({ password: 'another-pass-12' });
    assert.equal(pw.error?.code, 'insufficient_aal');
    const un = await low.auth.mfa.unenroll({ factorId: en.data!.id });
    assert.equal(un.error?.code, 'insufficient_aal');
    assert.equal((await sb.auth.mfa.unenroll({ factorId: en.data!.id })).error, null);
  });
});
