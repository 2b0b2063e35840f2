// @powabase/auth: the GoTrue-compatible /auth/v1 service. `authMigrations()` gives the `auth` schema;
// `createAuthService()` returns the gateway mount (jwt: 'lenient', so GoTrue's own error bodies are rendered).
import { loadMigrations, type Db, type MigrationSet } from '@powabase/db';
import { silentLogger, type Logger, type ProjectInfo } from '@powabase/core';
import type { Mailer } from '@powabase/mail';
import type { ServiceMount } from '@powabase/gateway';
import type { AuthConfig } from './config.ts';
import { createAccessSigner } from './domain/access-signer.ts';
import { RateLimiter } from './domain/rate-limit.ts';
import { authPlugin } from './http/plugin.ts';
import type { AuthDeps } from './types.ts';

export { defaultAuthConfig, parseAuthConfig, AuthConfigError, DEFAULT_PASSWORD_MIN_LENGTH } from './config.ts';
export type { AuthConfig, AuthConfigInput, OAuthProviderConfig, RateLimit } from './config.ts';
export { authErrors, type AuthErrorCode } from './errors.ts';
export type { Mailer } from '@powabase/mail';

export function authMigrations(): MigrationSet {
  return loadMigrations('auth', new URL('../migrations/', import.meta.url));
}

export interface AuthServiceOptions {
  db: Db;
  project: ProjectInfo;
  config: AuthConfig;
  mailer: Mailer;
  log?: Logger;
  now?: () => Date;
}

export function createAuthService(opts: AuthServiceOptions): ServiceMount {
  const now = opts.now ?? (() => new Date());
  const deps: AuthDeps = {
    db: opts.db,
    project: opts.project,
    config: opts.config,
    mailer: opts.mailer,
    log: (opts.log ?? silentLogger).child({ component: 'auth', ref: opts.project.ref }),
    now,
    limiter: new RateLimiter(() => now().getTime()),
    oauthCache: new Map(),
    signAccess: createAccessSigner(opts.project.jwtSecret),
  };
  return { plugin: authPlugin(deps), jwt: 'lenient' };
}
