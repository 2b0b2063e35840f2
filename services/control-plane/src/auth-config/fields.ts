// The Management API's auth config fields (GET/PATCH /v1/projects/{ref}/config/auth) and how each maps to the
// auth service's config. Pure: checking a PATCH body, turning stored fields into settings, rendering a GET.
import type { AuthConfigView, AuthSettings, RateLimitName } from './types.ts';
import { AuthSettingsError } from './types.ts';

export type FieldValue = string | number | boolean;
/** Fields as stored and patched: only those set explicitly; null in a PATCH resets one to its default. */
export type StoredFields = Record<string, FieldValue>;

type Kind = 'boolean' | 'integer' | 'string';

interface Field {
  kind: Kind;
  /** Write-only: sealed at rest, shown as MASK. */
  secret?: boolean;
  /** The effective value GET shows; fields without one (SMTP, providers) show what is stored. */
  view?: (v: AuthConfigView) => FieldValue;
  /** Puts a stored value into the settings; fields without one are applied as a group (SMTP, providers). */
  apply?: (s: AuthSettings, value: FieldValue) => void;
}

/** What GET shows for a secret that is set; PATCHing the mask back keeps the stored secret. */
export const MASK = '********';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
// GoTrue's required-character sets are `:`-separated; a literal `:` inside a set is written `\:`.
const charsets = (s: string) => (s ? s.split(/(?<!\\):/).map((x) => x.replace(/\\:/g, ':')).filter(Boolean) : []);
const joinCharsets = (sets: readonly string[]) => sets.map((x) => x.replace(/:/g, '\\:')).join(':');

const top = <K extends keyof AuthConfigView & keyof AuthSettings>(key: K, kind: Kind): Field => ({
  kind,
  view: (v) => v[key] as FieldValue,
  apply: (s, value) => { (s as Record<string, unknown>)[key] = value; },
});

const PERIODS: Record<RateLimitName, number> = { tokenRefresh: 300, verify: 300, otp: 300, anonymousUsers: 3600, emailSent: 3600 };
const rateLimit = (name: RateLimitName): Field => ({
  kind: 'integer',
  view: (v) => v.rateLimits[name].count,
  apply: (s, value) => { s.rateLimits = { ...s.rateLimits, [name]: { count: value as number, periodS: PERIODS[name] } }; },
});

const provider = (name: string): Record<string, Field> => ({
  [`external_${name}_enabled`]: { kind: 'boolean' },
  [`external_${name}_client_id`]: { kind: 'string' },
  [`external_${name}_secret`]: { kind: 'string', secret: true },
});

export const FIELDS: Record<string, Field> = {
  site_url: top('siteUrl', 'string'),
  uri_allow_list: { kind: 'string', view: (v) => v.uriAllowList.join(','), apply: (s, x) => { s.uriAllowList = list(x as string); } },
  jwt_exp: top('jwtExpiry', 'integer'),
  disable_signup: top('disableSignup', 'boolean'),
  external_email_enabled: top('emailEnabled', 'boolean'),
  external_anonymous_users_enabled: top('anonymousEnabled', 'boolean'),
  mailer_autoconfirm: top('autoconfirm', 'boolean'),
  mailer_secure_email_change_enabled: top('secureEmailChange', 'boolean'),
  mailer_otp_exp: { kind: 'integer', view: (v) => v.otp.expiryS, apply: (s, x) => { s.otp = { ...s.otp, expiryS: x as number }; } },
  mailer_otp_length: { kind: 'integer', view: (v) => v.otp.length, apply: (s, x) => { s.otp = { ...s.otp, length: x as number }; } },
  security_manual_linking_enabled: top('manualLinking', 'boolean'),
  security_update_password_require_reauthentication: top('updatePasswordRequireReauth', 'boolean'),
  security_refresh_token_reuse_interval: top('refreshTokenReuseIntervalS', 'integer'),
  refresh_token_rotation_enabled: top('refreshTokenRotation', 'boolean'),
  password_min_length: {
    kind: 'integer', view: (v) => v.password.minLength, apply: (s, x) => { s.password = { ...s.password, minLength: x as number }; },
  },
  password_required_characters: {
    kind: 'string', view: (v) => joinCharsets(v.password.requiredCharacters),
    apply: (s, x) => { s.password = { ...s.password, requiredCharacters: charsets(x as string) }; },
  },
  smtp_max_frequency: top('smtpMaxFrequencyS', 'integer'),
  rate_limit_token_refresh: rateLimit('tokenRefresh'),
  rate_limit_verify: rateLimit('verify'),
  rate_limit_otp: rateLimit('otp'),
  rate_limit_anonymous_users: rateLimit('anonymousUsers'),
  rate_limit_email_sent: rateLimit('emailSent'),
  smtp_admin_email: { kind: 'string' },
  smtp_sender_name: { kind: 'string' },
  smtp_host: { kind: 'string' },
  smtp_port: { kind: 'string' },
  smtp_user: { kind: 'string' },
  smtp_pass: { kind: 'string', secret: true },
  ...provider('github'),
  ...provider('google'),
};

export const FIELD_NAMES = Object.keys(FIELDS);
export const SECRET_FIELDS = FIELD_NAMES.filter((n) => FIELDS[n].secret);
const PROVIDERS = ['github', 'google'] as const;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** Checks a PATCH body's field names and value types; null means "back to the default". Throws AuthSettingsError. */
export function checkPatch(body: Record<string, unknown>): Record<string, FieldValue | null> {
  const unknown = Object.keys(body).filter((k) => !(k in FIELDS));
  if (unknown.length) throw new AuthSettingsError(`Unknown auth config field(s): ${unknown.join(', ')}`);
  const out: Record<string, FieldValue | null> = {};
  for (const [name, raw] of Object.entries(body)) {
    if (raw === null || raw === undefined) { out[name] = null; continue; }
    out[name] = checkValue(name, raw);
  }
  return out;
}

function checkValue(name: string, raw: unknown): FieldValue {
  if (name === 'smtp_port') {
    const port = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) throw new AuthSettingsError('smtp_port must be a port number (1-65535)');
    return String(port);
  }
  const { kind } = FIELDS[name];
  const ok = kind === 'integer' ? Number.isInteger(raw) : typeof raw === kind;
  if (!ok) throw new AuthSettingsError(`${name} must be ${kind === 'integer' ? 'an integer' : `a ${kind}`}`);
  if (name === 'smtp_admin_email' && raw !== '' && !EMAIL.test(raw as string)) throw new AuthSettingsError('smtp_admin_email must be an email address');
  return raw as FieldValue;
}

/** Stored fields (secrets already opened) -> the auth service's settings. Throws AuthSettingsError on incomplete groups. */
export function toSettings(stored: StoredFields): AuthSettings {
  const s: AuthSettings = {};
  for (const [name, value] of Object.entries(stored)) FIELDS[name]?.apply?.(s, value);
  const str = (k: string) => (typeof stored[k] === 'string' && stored[k] !== '' ? (stored[k] as string) : undefined);
  const host = str('smtp_host');
  if (host) {
    const port = Number(str('smtp_port') ?? 587);
    s.mailer = { smtp: { host, port, secure: port === 465, ...(str('smtp_user') && { user: str('smtp_user') }), ...(str('smtp_pass') && { pass: str('smtp_pass') }) } };
  }
  const admin = str('smtp_admin_email');
  if (admin) s.mailer = { ...s.mailer, from: str('smtp_sender_name') ? `${str('smtp_sender_name')} <${admin}>` : admin };
  for (const p of PROVIDERS) {
    const enabled = stored[`external_${p}_enabled`] === true;
    const clientId = str(`external_${p}_client_id`);
    const secret = str(`external_${p}_secret`);
    if (enabled && (!clientId || !secret)) {
      throw new AuthSettingsError(`external_${p}_enabled needs external_${p}_client_id and external_${p}_secret`);
    }
    if (enabled || clientId || secret) s.providers = { ...s.providers, [p]: { kind: p, enabled, clientId: clientId ?? '', secret: secret ?? '' } };
  }
  return s;
}

export type AuthConfigFields = Record<string, FieldValue | null>;

/**
 * The GET body: effective values from `view`, stored ones for SMTP and providers (null when unset, false for
 * `*_enabled`), secrets as MASK when set. `site_url` is null when it follows a Project URL not known now.
 */
export function renderFields(view: AuthConfigView, stored: StoredFields, opts: { siteUrlKnown: boolean }): AuthConfigFields {
  const out: AuthConfigFields = {};
  for (const name of FIELD_NAMES) {
    const f = FIELDS[name];
    const have = stored[name];
    if (f.secret) out[name] = have ? MASK : null;
    else if (f.view) out[name] = f.view(view);
    else out[name] = have ?? (f.kind === 'boolean' ? false : null);
  }
  if (!opts.siteUrlKnown && stored.site_url === undefined) out.site_url = null;
  return out;
}
