// GET/PATCH /v1/projects/{ref}/config/auth through the platform API with the fake provisioner: defaults, changes
// pushed to a running project, secrets sealed at rest and never returned, resets, refusals, stopped projects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { email, harness, onEachEngine, type Harness } from './harness.ts';

onEachEngine((db) => {
  let h: Harness;
  let owner: string;
  let developer: string;
  let slug: string;

  const newProject = async () => {
    const p = await h.req('POST', '/v1/projects', { token: owner, body: { name: 'auth', organization_id: slug } });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    return p.body.ref as string;
  };
  const get = (ref: string, token = owner) => h.req('GET', `/v1/projects/${ref}/config/auth`, { token });
  const patch = (ref: string, body: unknown, token = owner) => h.req('PATCH', `/v1/projects/${ref}/config/auth`, { token, body });

  before(async () => {
    h = await harness(db());
    owner = (await h.signup(email('owner'))).token;
    const dev = await h.signup(email('dev'));
    developer = dev.token;
    slug = (await h.req('POST', '/v1/organizations', { token: owner, body: { name: 'Auth Org' } })).body.slug;
    const me = await h.req('GET', '/v1/auth/user', { token: developer });
    const inv = await h.req('POST', `/v1/organizations/${slug}/invitations`, { token: owner, body: { email: me.body.email, role: 'developer' } });
    assert.equal((await h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token: developer })).status, 200);
  });
  after(async () => { await h?.close(); });

  test('GET shows the defaults: the Project URL as site_url, no SMTP, providers off, no secrets', async () => {
    const ref = await newProject();
    const r = await get(ref);
    assert.equal(r.status, 200);
    assert.equal(r.body.site_url, h.prov.endpoints(ref)!.url);
    assert.equal(r.body.uri_allow_list, '');
    assert.equal(r.body.mailer_autoconfirm, false);
    assert.equal(r.body.disable_signup, false);
    assert.equal(r.body.external_email_enabled, true);
    assert.equal(r.body.jwt_exp, 3600);
    assert.equal(r.body.password_min_length, 8);
    assert.equal(r.body.rate_limit_email_sent, 30);
    for (const k of ['smtp_host', 'smtp_port', 'smtp_user', 'smtp_pass', 'smtp_admin_email', 'external_github_client_id', 'external_github_secret']) {
      assert.equal(r.body[k], null, k);
    }
    assert.equal(r.body.external_github_enabled, false);
    assert.equal(r.body.external_google_enabled, false);
  });

  test('PATCH as owner stores the fields, pushes them to the running project and GET shows them', async () => {
    const ref = await newProject();
    const r = await patch(ref, {
      site_url: 'https://app.example.com', uri_allow_list: 'https://app.example.com/**, http://localhost:3000',
      mailer_autoconfirm: true, disable_signup: true, jwt_exp: 7200, password_min_length: 10,
      password_required_characters: 'abcdefghijklmnopqrstuvwxyz:0123456789',
      smtp_host: 'smtp.example.com', smtp_port: 465, smtp_user: 'mailer', smtp_pass: 'smtp-secret-1',
      smtp_admin_email: 'no-reply@example.com', smtp_sender_name: 'Example',
      external_github_enabled: true, external_github_client_id: 'gh-id', external_github_secret: 'gh-secret-1',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.site_url, 'https://app.example.com');
    assert.equal(r.body.uri_allow_list, 'https://app.example.com/**,http://localhost:3000');
    assert.equal(r.body.smtp_port, '465');
    assert.equal(r.body.smtp_pass, '********');
    assert.equal(r.body.external_github_secret, '********');
    assert.deepEqual(await get(ref).then((g) => g.body), r.body);

    assert.deepEqual(h.prov.authPushed.get(ref), {
      siteUrl: 'https://app.example.com', uriAllowList: ['https://app.example.com/**', 'http://localhost:3000'],
      autoconfirm: true, disableSignup: true, jwtExpiry: 7200,
      password: { minLength: 10, requiredCharacters: ['abcdefghijklmnopqrstuvwxyz', '0123456789'] },
      mailer: { smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'mailer', pass: 'smtp-secret-1' }, from: 'Example <no-reply@example.com>' },
      providers: { github: { kind: 'github', enabled: true, clientId: 'gh-id', secret: 'gh-secret-1' } },
    });
  });

  test('secrets are sealed at rest and never returned; the mask keeps them, null or "" clears them', async () => {
    const ref = await newProject();
    await patch(ref, { smtp_host: 'smtp.example.com', smtp_pass: 'plain-pass-42' });
    const { rows } = await db().query('select settings::text as s from platform.project_auth_config where ref = $1', [ref]);
    assert.ok(!rows[0].s.includes('plain-pass-42'), 'no plain secret in the metadata database');
    assert.match(JSON.parse(rows[0].s).smtp_pass, /^v1:/);
    assert.ok(!JSON.stringify((await get(ref, developer)).body).includes('plain-pass-42'));

    const roundTrip = (await get(ref)).body;
    assert.equal((await patch(ref, roundTrip)).status, 200);
    assert.equal(h.prov.authPushed.get(ref)?.mailer?.smtp?.pass, 'plain-pass-42');

    const cleared = await patch(ref, { smtp_pass: null });
    assert.equal(cleared.body.smtp_pass, null);
    assert.equal(h.prov.authPushed.get(ref)?.mailer?.smtp?.pass, undefined);
  });

  test('null resets a field to its default', async () => {
    const ref = await newProject();
    assert.equal((await patch(ref, { mailer_autoconfirm: true, jwt_exp: 900 })).body.mailer_autoconfirm, true);
    const r = await patch(ref, { mailer_autoconfirm: null });
    assert.equal(r.body.mailer_autoconfirm, false);
    assert.equal(r.body.jwt_exp, 900);
    assert.deepEqual(h.prov.authPushed.get(ref), { jwtExpiry: 900 });
  });

  test('a developer reads (secrets masked) but may not change it: 403', async () => {
    const ref = await newProject();
    await patch(ref, { smtp_host: 'smtp.example.com', smtp_pass: 'dev-cannot-see' });
    const r = await get(ref, developer);
    assert.equal(r.status, 200);
    assert.equal(r.body.smtp_pass, '********');
    const w = await patch(ref, { disable_signup: true }, developer);
    assert.deepEqual([w.status, w.body.code], [403, 'forbidden']);
    assert.equal((await get(ref)).body.disable_signup, false);
  });

  describe('bad values are 400 and change nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['jwt_exp out of range (the auth service\'s check)', { jwt_exp: 5 }, 'invalid_auth_config', /jwtExpiry/],
      ['a site_url that is not http(s)', { site_url: 'ftp://x' }, 'invalid_auth_config', /siteUrl/],
      ['an unknown field', { jwt_expiry: 60 }, 'invalid_auth_config', /Unknown auth config field\(s\): jwt_expiry/],
      ['a wrong type', { disable_signup: 'maybe' }, 'validation_failed', /disable_signup/],
      ['a port out of range', { smtp_port: 70000 }, 'invalid_auth_config', /smtp_port/],
      ['a provider enabled without its secret', { external_google_enabled: true, external_google_client_id: 'x' }, 'invalid_auth_config', /external_google_secret/],
      ['a sender that is not an email', { smtp_admin_email: 'nobody' }, 'invalid_auth_config', /smtp_admin_email/],
    ];
    for (const [name, body, code, message] of cases) {
      test(name, async () => {
        const ref = await newProject();
        const before = (await get(ref)).body;
        const r = await patch(ref, body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.code, code);
        assert.match(r.body.message, message);
        assert.deepEqual((await get(ref)).body, before);
        assert.equal(h.prov.authPushed.has(ref), false);
      });
    }
  });

  test('a paused project keeps its settings and gets them with its spec on resume', async () => {
    const ref = await newProject();
    assert.equal((await h.req('POST', `/v1/projects/${ref}/pause`, { token: owner })).status, 200);
    const r = await patch(ref, { disable_signup: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.site_url, null, 'site_url follows the Project URL, unknown while paused');
    assert.equal(h.prov.authPushed.has(ref), false);
    assert.equal((await h.req('POST', `/v1/projects/${ref}/resume`, { token: owner })).status, 200);
    assert.deepEqual(h.prov.projects.get(ref)?.spec?.auth, { disableSignup: true });
  });

  test('deleting a project deletes its stored auth config', async () => {
    const ref = await newProject();
    await patch(ref, { smtp_host: 'smtp.example.com', smtp_pass: 'gone-soon' });
    assert.equal((await h.req('DELETE', `/v1/projects/${ref}`, { token: owner })).status, 200);
    const { rows } = await db().query('select 1 from platform.project_auth_config where ref = $1', [ref]);
    assert.equal(rows.length, 0);
  });

  test('the OpenAPI document lists both operations with their permissions', async () => {
    const doc = (await h.req('GET', '/v1/openapi.json')).body;
    const path = doc.paths['/v1/projects/{ref}/config/auth'];
    assert.equal(path.get.operationId, 'getProjectAuthConfig');
    assert.equal(path.patch.operationId, 'updateProjectAuthConfig');
    assert.deepEqual(path.patch['x-powabase-permissions'], [{ action: 'projects.settings.update', roles: ['owner', 'admin'] }]);
    assert.ok(path.get.responses[200].content['application/json'].schema.properties.smtp_pass);
  });
});
