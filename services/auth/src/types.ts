// Shared types of the auth service: its dependencies and the rows it reads from the auth schema.
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { Mailer } from '@powabase/mail';
import type pg from 'pg';
import type { AuthConfig } from './config.ts';
import type { AccessSigner } from './domain/access-signer.ts';
import type { RateLimiter } from './domain/rate-limit.ts';

export interface AuthDeps {
  db: Db;
  project: ProjectInfo;
  config: AuthConfig;
  mailer: Mailer;
  log: Logger;
  now: () => Date;
  limiter: RateLimiter;
  /** OIDC discovery documents and JWKS of external providers, per service instance. */
  oauthCache: Map<string, unknown>;
  /** Signs access tokens with the project secret (key imported once). */
  signAccess: AccessSigner;
}

/** Anything that runs a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  is_sso_user: boolean;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  email: string | null;
}

export interface FactorRow {
  id: string;
  user_id: string;
  friendly_name: string | null;
  factor_type: 'totp' | 'phone' | 'webauthn';
  status: 'unverified' | 'verified';
  created_at: Date | string;
  updated_at: Date | string;
  secret?: string | null;
  phone: string | null;
  last_challenged_at: Date | string | null;
}

/** A user with the identities and factors GoTrue's user JSON carries. */
export interface FullUser extends UserRow {
  identities: IdentityRow[];
  factors: FactorRow[];
}

/** Who is calling and from where, as the HTTP layer saw it (no transport types below this). */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}
