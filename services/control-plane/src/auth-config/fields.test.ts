// The Management API field table: PATCH checks, stored fields -> auth settings, and sealing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPatch, MASK, renderFields, toSettings } from './fields.ts';
import { sealerFor } from './seal.ts';
import { AuthSettingsError, type AuthConfigView } from './types.ts';

test('checkPatch: types, null resets, port normalised to a string, unknown names refused', () => {
  assert.deepEqual(checkPatch({ jwt_exp: 60, disable_signup: null, smtp_port: 465 }), { jwt_exp: 60, disable_signup: null, smtp_port: '465' });
  assert.deepEqual(checkPatch({ smtp_port: ' 587 ' }), { smtp_port: '587' });
  const bad: Array<Record<string, unknown>> = [
    { jwt_exp: 1.5 }, { jwt_exp: '60' }, { mailer_autoconfirm: 'yes' }, { site_url: 3 }, { smtp_port: 0 }, { smtp_port: 'x' },
    { smtp_admin_email: 'no-at-sign' }, { nope: 1 },
  ];
  for (const body of bad) assert.throws(() => checkPatch(body), AuthSettingsError, JSON.stringify(body));
});

test('toSettings: nested fields merge, lists split, groups need their parts', () => {
  assert.deepEqual(toSettings({
    uri_allow_list: ' http://a.test/** ,,http://b.test', password_min_length: 12, password_required_characters: 'abc:123:\\:;',
    mailer_otp_length: 8, mailer_otp_exp: 600, rate_limit_email_sent: 5,
  }), {
    uriAllowList: ['http://a.test/**', 'http://b.test'],
    password: { minLength: 12, requiredCharacters: ['abc', '123', ':;'] },
    otp: { length: 8, expiryS: 600 },
    rateLimits: { emailSent: { count: 5, periodS: 3600 } },
  });
  assert.deepEqual(toSettings({ smtp_user: 'u', smtp_sender_name: 'Only a name' }), {}, 'no SMTP without a host, no sender without an address');
  assert.deepEqual(toSettings({ smtp_host: 'mx', smtp_admin_email: 'a@b.c' }).mailer, { smtp: { host: 'mx', port: 587, secure: false }, from: 'a@b.c' });
  assert.deepEqual(toSettings({ external_github_client_id: 'id' }).providers, { github: { kind: 'github', enabled: false, clientId: 'id', secret: '' } });
  assert.throws(() => toSettings({ external_github_enabled: true, external_github_client_id: 'id' }), /external_github_secret/);
});

test('renderFields: effective values, stored SMTP/provider fields, secrets masked, site_url unknown while stopped', () => {
  const view = {
    siteUrl: 'http://p.test', uriAllowList: ['x', 'y'], jwtExpiry: 3600, disableSignup: false, emailEnabled: true, anonymousEnabled: false,
    autoconfirm: true, secureEmailChange: true, manualLinking: false, updatePasswordRequireReauth: false, smtpMaxFrequencyS: 60,
    refreshTokenRotation: true, refreshTokenReuseIntervalS: 10, password: { minLength: 8, requiredCharacters: ['a:b', 'c'] },
    otp: { length: 6, expiryS: 3600 },
    rateLimits: {
      tokenRefresh: { count: 150, periodS: 300 }, verify: { count: 30, periodS: 300 }, otp: { count: 30, periodS: 300 },
      anonymousUsers: { count: 30, periodS: 3600 }, emailSent: { count: 7, periodS: 3600 },
    },
  } satisfies AuthConfigView;
  const out = renderFields(view, { smtp_host: 'mx', smtp_pass: 'v1:sealed', external_google_enabled: true }, { siteUrlKnown: false });
  assert.equal(out.site_url, null);
  assert.equal(out.uri_allow_list, 'x,y');
  assert.equal(out.password_required_characters, 'a\\:b:c');
  assert.equal(out.mailer_autoconfirm, true);
  assert.equal(out.rate_limit_email_sent, 7);
  assert.equal(out.smtp_host, 'mx');
  assert.equal(out.smtp_pass, MASK);
  assert.equal(out.smtp_user, null);
  assert.equal(out.external_google_secret, null);
  assert.equal(out.external_google_enabled, true);
  assert.equal(out.external_github_enabled, false);
});

test('sealer: round trip, a fresh IV each time, bound to the project and the platform secret', () => {
  const a = sealerFor('platform-secret-0123456789-0123456789', 'refaaaaaaaaaaaaaaaaa');
  const sealed = a.seal('p@ss');
  assert.notEqual(a.seal('p@ss'), sealed);
  assert.equal(a.open(sealed), 'p@ss');
  assert.throws(() => sealerFor('platform-secret-0123456789-0123456789', 'refbbbbbbbbbbbbbbbbb').open(sealed));
  assert.throws(() => sealerFor('another-secret-0123456789-0123456789', 'refaaaaaaaaaaaaaaaaa').open(sealed));
});
