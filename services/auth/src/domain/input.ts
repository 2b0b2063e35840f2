// Small readers for JSON bodies: GoTrue ignores unknown keys and treats wrong types as missing.
import { authError } from '../errors.ts';

export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
export const rawStr = (v: unknown): string => (typeof v === 'string' ? v : '');
export const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased, validated email; 400 email_address_invalid otherwise. */
export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 255 || !EMAIL.test(e)) throw authError('email_address_invalid', `Email address "${email}" is invalid`);
  return e;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
