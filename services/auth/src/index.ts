// @powabase/auth: the GoTrue-compatible /auth/v1 service. `authMigrations()` gives the `auth` schema;
// `createAuthService()` returns the gateway mount (jwt: 'lenient', so GoTrue's own error bodies are rendered) with
// `reconfigure()`, which swaps the config of the running service.
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

/** The gateway mount, plus `reconfigure()`: swaps the config of the running service (next request on). */
export interface AuthService extends ServiceMount {
  reconfigure(config: AuthConfig): void;
}

export function createAuthService(opts: AuthServiceOptions): AuthService {
  const now = opts.now ?? (() => new Date());
  let config = opts.config;
  const deps: AuthDeps = {
    db: opts.db,
    project: opts.project,
    // Read per request, so reconfigure() applies without a restart; a request in flight keeps the config it read.
    get config() { return config; },
    mailer: opts.mailer,
    log: (opts.log ?? silentLogger).child({ component: 'auth', ref: opts.project.ref }),
    now,
    limiter: new RateLimiter(() => now().getTime()),
    oauthCache: new Map(),
    signAccess: createAccessSigner(opts.project.jwtSecret),
  };
  return {
    plugin: authPlugin(deps),
    jwt: 'lenient',
    reconfigure(next) {
      config = next;
      deps.oauthCache.clear();
    },
  };
}
