// The project's two API keys: which one (if any) a presented `apikey` is, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProjectInfo } from '@powabase/core';
import { verifyJwt, type Claims } from '@powabase/keys';

export type KeyRole = 'anon' | 'service_role';

export interface ProjectKey {
  keyRole: KeyRole;
  token: string;
  claims: Readonly<Claims>;
  digest: Buffer;
}

export interface ProjectKeys {
  anon: ProjectKey;
  service: ProjectKey;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Verifies both keys against the project secret once, at startup: a gateway with broken keys must not start. */
export async function loadProjectKeys(project: ProjectInfo): Promise<ProjectKeys> {
  const load = async (keyRole: KeyRole, token: string): Promise<ProjectKey> => {
    const claims = await verifyJwt(project.jwtSecret, token).catch((e: Error) => {
      throw new Error(`project ${project.ref}: the ${keyRole} key does not verify with the project's JWT secret (${e.message})`);
    });
    return { keyRole, token, claims: Object.freeze(claims), digest: sha256(token) };
  };
  return { anon: await load('anon', project.anonKey), service: await load('service_role', project.serviceRoleKey) };
}

/** The key `presented` is, or null. Hashing first gives equal-length inputs; both keys are always compared. */
export function matchApiKey(keys: ProjectKeys, presented: string): ProjectKey | null {
  const d = sha256(presented);
  const isAnon = timingSafeEqual(d, keys.anon.digest);
  const isService = timingSafeEqual(d, keys.service.digest);
  return isService ? keys.service : isAnon ? keys.anon : null;
}
