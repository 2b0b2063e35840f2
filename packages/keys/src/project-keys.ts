// A project's secrets: JWT secret, anon and service-role keys (long-lived HS256 JWTs), database password.
import { secret } from '@powabase/core';
import { signJwt } from './jwt.ts';

export interface ProjectSecrets {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  dbPassword: string;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export async function issueProjectKeys(ref: string, jwtSecret = secret(40)): Promise<ProjectSecrets> {
  const base = { iss: 'powabase', ref };
  return {
    jwtSecret,
    anonKey: await signJwt(jwtSecret, { ...base, role: 'anon', aud: 'authenticated' }, { expiresInS: TEN_YEARS_S }),
    serviceRoleKey: await signJwt(jwtSecret, { ...base, role: 'service_role' }, { expiresInS: TEN_YEARS_S }),
    dbPassword: secret(24),
  };
}
