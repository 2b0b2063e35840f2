// Types of per-project auth settings: what the control plane hands the data plane (the auth service's own
// config shape, a subset of its AuthConfigInput), the effective values it shows, and the port that validates.

export interface RateLimitSetting { count: number; periodS: number }

export interface ProviderSetting { enabled: boolean; kind: 'github' | 'google'; clientId: string; secret: string }

export interface SmtpSetting { host: string; port: number; user?: string; pass?: string; secure?: boolean }

/** A project's stored auth settings in the auth service's config shape; absent keys take the platform defaults. */
export interface AuthSettings {
  siteUrl?: string;
  uriAllowList?: string[];
  jwtExpiry?: number;
  disableSignup?: boolean;
  emailEnabled?: boolean;
  anonymousEnabled?: boolean;
  autoconfirm?: boolean;
  secureEmailChange?: boolean;
  manualLinking?: boolean;
  updatePasswordRequireReauth?: boolean;
  smtpMaxFrequencyS?: number;
  refreshTokenRotation?: boolean;
  refreshTokenReuseIntervalS?: number;
  password?: { minLength?: number; requiredCharacters?: string[] };
  otp?: { length?: number; expiryS?: number };
  rateLimits?: Partial<Record<RateLimitName, RateLimitSetting>>;
  providers?: Record<string, ProviderSetting>;
  mailer?: { from?: string; smtp?: SmtpSetting | null };
}

export type RateLimitName = 'tokenRefresh' | 'verify' | 'otp' | 'anonymousUsers' | 'emailSent';

/** The effective values of the settings GET shows from the data plane's config (defaults filled in). */
export interface AuthConfigView {
  siteUrl: string;
  uriAllowList: readonly string[];
  jwtExpiry: number;
  disableSignup: boolean;
  emailEnabled: boolean;
  anonymousEnabled: boolean;
  autoconfirm: boolean;
  secureEmailChange: boolean;
  manualLinking: boolean;
  updatePasswordRequireReauth: boolean;
  smtpMaxFrequencyS: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseIntervalS: number;
  password: { minLength: number; requiredCharacters: readonly string[] };
  otp: { length: number; expiryS: number };
  rateLimits: Record<RateLimitName, RateLimitSetting>;
}

/** Thrown for settings the data plane would refuse; its message is shown to the caller (400). */
export class AuthSettingsError extends Error {}

/**
 * The port the app implements with the auth service's own parser: validates a project's settings over this
 * platform's defaults and returns the effective values. `url` is the Project URL, null while it is not running.
 */
export interface AuthConfigPort {
  resolve(settings: AuthSettings, project: { ref: string; url: string | null }): AuthConfigView;
}
