// Per-project auth configuration: the GoTrue knobs Powabase exposes (site URL, redirect allow-list, JWT expiry,
// autoconfirm, password policy, providers, rate limits, SMTP sender). Parsed once, frozen, passed down.
import type { ProjectInfo } from '@powabase/core';

export interface RateLimit { count: number; periodS: number }

export interface OAuthProviderConfig {
  enabled: boolean;
  /** `oidc`: generic OpenID Connect by discovery from `issuer`; `github`, `google`: presets. */
  kind: 'oidc' | 'github' | 'google';
  clientId: string;
  secret: string;
  /** OIDC issuer (discovery at `<issuer>/.well-known/openid-configuration`); preset for google. */
  issuer?: string;
  /** Overrides of the discovered or preset endpoints. */
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  /** Extra scopes always requested (besides the preset's). */
  scopes?: string[];
}

export interface AuthConfig {
  /** Default redirect target and `{{ .SiteURL }}`. */
  siteUrl: string;
  /** Public base of the auth API, used in mail links, `iss` and the OAuth callback URL. */
  externalUrl: string;
  /** Allowed `redirect_to` URLs; `*` matches within a path segment or host label, `**` matches anything. */
  uriAllowList: string[];
  jwtExpiry: number;
  jwtAud: string;
  adminRoles: string[];
  disableSignup: boolean;
  emailEnabled: boolean;
  anonymousEnabled: boolean;
  autoconfirm: boolean;
  secureEmailChange: boolean;
  manualLinking: boolean;
  updatePasswordRequireReauth: boolean;
  password: { minLength: number; requiredCharacters: string[]; rejectCommon: boolean };
  otp: { length: number; expiryS: number };
  /** Minimum seconds between two mails of one kind to one user (GoTrue's SMTP_MAX_FREQUENCY). */
  smtpMaxFrequencyS: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseIntervalS: number;
  mfa: { totpEnroll: boolean; totpVerify: boolean; maxEnrolledFactors: number; maxVerifiedFactors: number; challengeExpiryS: number };
  rateLimits: { tokenRefresh: RateLimit; verify: RateLimit; otp: RateLimit; anonymousUsers: RateLimit; emailSent: RateLimit };
  /** Header that carries the client IP for rate limits (e.g. X-Forwarded-For behind a proxy); socket address otherwise. */
  rateLimitHeader: string | null;
  providers: Record<string, OAuthProviderConfig>;
  mailer: {
    /** Sender of auth mails. */
    from: string;
    /** SMTP server for this project; null means the platform's default mailer (the local catcher embedded). */
    smtp: { host: string; port: number; user?: string; pass?: string; secure?: boolean } | null;
  };
}

export type AuthConfigInput = { [K in keyof AuthConfig]?: AuthConfig[K] extends Record<string, unknown> ? Partial<AuthConfig[K]> : AuthConfig[K] };

export const DEFAULT_PASSWORD_MIN_LENGTH = 8;

/** Secure defaults: min password 8 (OWASP ASVS), rotation on with a 10 s reuse interval, GoTrue's rate limits. */
export function defaultAuthConfig(project: ProjectInfo, opts: { hasMailer?: boolean } = {}): AuthConfig {
  const base = project.url.replace(/\/$/, '');
  return {
    siteUrl: base,
    externalUrl: `${base}/auth/v1`,
    uriAllowList: [],
    jwtExpiry: 3600,
    jwtAud: 'authenticated',
    adminRoles: ['service_role', 'supabase_admin'],
    disableSignup: false,
    emailEnabled: true,
    anonymousEnabled: false,
    autoconfirm: !(opts.hasMailer ?? true),
    secureEmailChange: true,
    manualLinking: false,
    updatePasswordRequireReauth: false,
    password: { minLength: DEFAULT_PASSWORD_MIN_LENGTH, requiredCharacters: [], rejectCommon: false },
    otp: { length: 6, expiryS: 3600 },
    smtpMaxFrequencyS: 60,
    refreshTokenRotation: true,
    refreshTokenReuseIntervalS: 10,
    mfa: { totpEnroll: true, totpVerify: true, maxEnrolledFactors: 10, maxVerifiedFactors: 10, challengeExpiryS: 300 },
    rateLimits: {
      tokenRefresh: { count: 150, periodS: 300 },
      verify: { count: 30, periodS: 300 },
      otp: { count: 30, periodS: 300 },
      anonymousUsers: { count: 30, periodS: 3600 },
      emailSent: { count: 30, periodS: 3600 },
    },
    rateLimitHeader: null,
    providers: {},
    mailer: { from: 'Powabase <no-reply@powabase.local>', smtp: null },
  };
}

export class AuthConfigError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') { Object.freeze(v); for (const x of Object.values(v)) deepFreeze(x); }
  return v;
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new AuthConfigError(msg);
}

/** Merges a stored (partial) project config over the defaults, validates it and freezes the result. */
export function parseAuthConfig(input: unknown, project: ProjectInfo, opts: { hasMailer?: boolean } = {}): AuthConfig {
  const d = defaultAuthConfig(project, opts);
  check(input === undefined || input === null || isObj(input), 'auth config must be an object');
  const i = (input ?? {}) as Record<string, unknown>;
  const merged = { ...d } as Record<string, unknown>;
  for (const [k, v] of Object.entries(i)) {
    check(k in d, `unknown auth config key "${k}"`);
    const dv = (d as unknown as Record<string, unknown>)[k];
    if (k === 'providers' || k === 'rateLimits') check(isObj(v), `${k} must be an object`);
    merged[k] = isObj(dv) && isObj(v) && k !== 'providers' ? { ...dv, ...v } : v;
  }
  const c = merged as unknown as AuthConfig;
  check(typeof c.siteUrl === 'string' && /^https?:\/\//.test(c.siteUrl), 'siteUrl must be an http(s) URL');
  check(Array.isArray(c.uriAllowList) && c.uriAllowList.every((u) => typeof u === 'string'), 'uriAllowList must be a list of URLs');
  check(Number.isInteger(c.jwtExpiry) && c.jwtExpiry >= 30 && c.jwtExpiry <= 604800, 'jwtExpiry must be 30..604800 seconds');
  check(Number.isInteger(c.password.minLength) && c.password.minLength >= 6, 'password.minLength must be at least 6');
  check(Number.isInteger(c.otp.length) && c.otp.length >= 6 && c.otp.length <= 10, 'otp.length must be 6..10');
  check(Number.isInteger(c.refreshTokenReuseIntervalS) && c.refreshTokenReuseIntervalS >= 0, 'refreshTokenReuseIntervalS must be >= 0');
  for (const [name, r] of Object.entries(c.rateLimits)) {
    check(isObj(r) && Number.isInteger(r.count) && r.count > 0 && r.periodS > 0, `rateLimits.${name} needs a positive count and periodS`);
  }
  for (const [name, p] of Object.entries(c.providers)) {
    check(/^[a-z0-9_-]+$/.test(name), `provider name "${name}" must be lowercase letters, digits, _ or -`);
    check(isObj(p) && ['oidc', 'github', 'google'].includes(p.kind), `providers.${name}.kind must be oidc, github or google`);
    check(typeof p.clientId === 'string' && typeof p.secret === 'string', `providers.${name} needs clientId and secret`);
    check(p.kind !== 'oidc' || typeof p.issuer === 'string', `providers.${name} (oidc) needs issuer`);
  }
  return deepFreeze(c);
}
