// OAuth2/OIDC against a real provider (`oidc-provider`, started here on loopback): signInWithOAuth
// (implicit and PKCE), identity linking for an anonymous user, the id_token grant, and error redirects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { decodeUnverified } from '@powabase/keys';
import { fragment, openTestDb, SITE, startStack, type Stack, type TestDb } from './helpers.ts';

let tdb: TestDb;
let stack: Stack;
let oidcServer: Server;
let issuer: string;
const CLIENT = { id: 'powabase-test', secret: 'test-client-secret-0123456789' };

before(async () => {
  tdb = await openTestDb();
  oidcServer = createServer();
  await new Promise<void>((r) => oidcServer.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(oidcServer.address() as { port: number }).port}`;
  stack = await startStack(tdb.db, {
    anonymousEnabled: true, manualLinking: true,
    providers: { keycloak: { enabled: true, kind: 'oidc', clientId: CLIENT.id, secret: CLIENT.secret, issuer } },
  });
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT.id, client_secret: CLIENT.secret, token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [`${stack.url}/auth/v1/callback`, `${SITE}/native`], grant_types: ['authorization_code'], response_types: ['code'],
    }],
    pkce: { required: () => false },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'picture'] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@oidc.test`, email_verified: true, name: `User ${id}`, picture: `https://img.test/${id}.png` }),
    }),
    cookies: { keys: ['oidc-test-cookie-key'] },
  } as never);
  oidcServer.on('request', provider.callback());
});
after(async () => { await stack.close(); oidcServer.close(); await tdb.close(); });

/** Plays the browser: follows redirects, keeps cookies, logs `account` in and consents at the provider. */
async function browse(start: string, account: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let logins = 0;
  for (let i = 0; i < 20; i++) {
    if (url.startsWith(SITE)) return url;
    const isInteraction = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = isInteraction
      ? await fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(logins++ === 0 ? { prompt: 'login', login: account } : { prompt: 'consent' }) })
      : await fetch(url, { redirect: 'manual', headers: { cookie } });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const loc = r.headers.get('location');
    if (!loc) throw new Error(`stuck at ${url}: ${r.status} ${(await r.text()).slice(0, 200)}`);
    url = new URL(loc, url).toString();
  }
  throw new Error('too many redirects');
}

describe('OIDC provider', () => {
  test('signInWithOAuth (implicit): provider login -> callback -> session in the fragment', async () => {
    const sb = stack.client();
    const { data, error } = await sb.auth.signInWithOAuth({ provider: 'keycloak', options: { redirectTo: `${SITE}/done`, skipBrowserRedirect: true } });
    assert.equal(error, null);
    const final = await browse(data.url!, 'alice');
    assert.ok(final.startsWith(`${SITE}/done#`), final);
    const f = fragment(final);
    assert.ok(f.get('provider_token'));
    await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
    const u = (await sb.auth.getUser()).data.user!;
    assert.equal(u.email, 'alice@oidc.test');
    assert.ok(u.email_confirmed_at);
    assert.equal(u.app_metadata.provider, 'keycloak');
    assert.equal(u.user_metadata.name, 'User alice');
    assert.deepEqual(u.identities?.map((i) => [i.provider, i.id]), [['keycloak', 'alice']]);
    assert.deepEqual((decodeUnverified(f.get('access_token')!)!.amr as { method: string }[]).map((a) => a.method), ['oauth']);

    // a second sign-in finds the same user through the identity
    const again = fragment(await browse((await stack.client().auth.signInWithOAuth({ provider: 'keycloak', options: { redirectTo: `${SITE}/done`, skipBrowserRedirect: true } })).data.url!, 'alice'));
    assert.equal(decodeUnverified(again.get('access_token')!)!.sub, u.id);
  });

  test('signInWithOAuth with PKCE: ?code= then exchangeCodeForSession', async () => {
    const sb = stack.client({ flowType: 'pkce' });
    const { data } = await sb.auth.signInWithOAuth({ provider: 'keycloak', options: { redirectTo: `${SITE}/pkce`, skipBrowserRedirect: true } });
    assert.match(data.url!, /code_challenge=/);
    const final = await browse(data.url!, 'bob');
    const code = new URL(final).searchParams.get('code');
    assert.ok(code, final);
    const s = await sb.auth.exchangeCodeForSession(code!);
    assert.equal(s.error, null);
    assert.equal(s.data.user?.email, 'bob@oidc.test');
    assert.ok(s.data.session?.provider_token);
  });

  test('an anonymous user links an OIDC identity and becomes permanent', async () => {
    const sb = stack.client();
    const anon = await sb.auth.signInAnonymously();
    const { data, error } = await sb.auth.linkIdentity({ provider: 'keycloak', options: { redirectTo: `${SITE}/linked`, skipBrowserRedirect: true } });
    assert.equal(error, null);
    const f = fragment(await browse(data.url!, 'carol'));
    await sb.auth.setSession({ access_token: f.get('access_token')!, refresh_token: f.get('refresh_token')! });
    const u = (await sb.auth.getUser()).data.user!;
    assert.equal(u.id, anon.data.user!.id);
    assert.equal(u.is_anonymous, false);
    assert.equal(u.email, 'carol@oidc.test');
    const ids = (await sb.auth.getUserIdentities()).data!.identities;
    assert.deepEqual(ids.map((i) => i.provider), ['keycloak']);
    const last = await sb.auth.unlinkIdentity(ids[0]);
    assert.equal(last.error?.code, 'single_identity_not_deletable');
  });

  test('signInWithIdToken with an id_token the provider issued to our client', async () => {
    const auth = new URL(`${issuer}/auth`);
    for (const [k, v] of Object.entries({ client_id: CLIENT.id, redirect_uri: `${SITE}/native`, response_type: 'code', scope: 'openid email profile', nonce: 'n-0S6_WzA2Mj' })) auth.searchParams.set(k, v);
    const code = new URL(await browse(auth.toString(), 'dave')).searchParams.get('code')!;
    const tok = await (await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${SITE}/native`, client_id: CLIENT.id, client_secret: CLIENT.secret }) })).json() as { id_token: string };
    const sb = stack.client();
    const bad = await sb.auth.signInWithIdToken({ provider: 'keycloak' as never, token: tok.id_token, nonce: 'wrong' });
    assert.equal(bad.error?.status, 400);
    const { data, error } = await sb.auth.signInWithIdToken({ provider: 'keycloak' as never, token: tok.id_token, nonce: 'n-0S6_WzA2Mj' });
    assert.equal(error, null);
    assert.equal(data.user?.identities?.[0].id, 'dave');
    const forged = await stack.client().auth.signInWithIdToken({ provider: 'keycloak' as never, token: tok.id_token.slice(0, -4) + 'AAAA' });
    assert.ok(forged.error);
  });

  test('provider errors and unknown providers come back as GoTrue errors', async () => {
    const r = await fetch(`${stack.url}/auth/v1/authorize?provider=nope&redirect_to=${encodeURIComponent(SITE)}`, { redirect: 'manual', headers: { 'x-supabase-api-version': '2024-01-01' } });
    assert.equal(r.status, 400);
    assert.equal((await r.json() as { code: string }).code, 'provider_disabled');
    const start = (await stack.client().auth.signInWithOAuth({ provider: 'keycloak', options: { redirectTo: `${SITE}/err`, skipBrowserRedirect: true } })).data.url!;
    const state = new URL((await fetch(start, { redirect: 'manual' })).headers.get('location')!).searchParams.get('state')!;
    const back = await fetch(`${stack.url}/auth/v1/callback?error=access_denied&error_description=nope&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    const f = fragment(back.headers.get('location')!);
    assert.equal(f.get('error'), 'access_denied');
    const forged = await fetch(`${stack.url}/auth/v1/callback?code=x&state=forged`, { redirect: 'manual', headers: { 'x-supabase-api-version': '2024-01-01' } });
    assert.equal(forged.status, 400);
    assert.equal((await forged.json() as { code: string }).code, 'bad_oauth_state');
  });
});
