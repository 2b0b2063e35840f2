// Identifiers: project refs (20 lowercase letters, as Supabase), random secrets, uuids.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

export function projectRef(): string {
  let s = '';
  for (let i = 0; i < 20; i++) s += LOWER[randomInt(LOWER.length)];
  return s;
}

export function isProjectRef(s: string): boolean {
  return /^[a-z]{20}$/.test(s);
}

/** URL-safe random secret of `bytes` bytes of entropy. */
export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export const uuid = randomUUID;

export function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'org';
}
