// Formatting shared by pages: byte sizes, dates, sizes typed with a unit, MIME type lists, folder paths,
// a project user's status in words.
import type { AuthUser } from '../api/project-types.ts';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 -> "1.5 KB" (powers of 1024, as Supabase Studio shows them). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} ${v === 1 ? 'byte' : 'bytes'}` : `${Number(v.toFixed(v < 10 ? 1 : 0))} ${UNITS[i]}`;
}

export const SIZE_UNITS = { bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;
export type SizeUnit = keyof typeof SIZE_UNITS;

/** A limit typed as a number and a unit, in bytes; null for an empty field; NaN when not a positive whole size. */
export function toBytes(value: string, unit: SizeUnit): number | null {
  if (!value.trim()) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return NaN;
  return Math.round(n * SIZE_UNITS[unit]);
}

/** The largest unit that shows `bytes` as a whole number, for editing a stored limit. */
export function fromBytes(bytes: number | null): { value: string; unit: SizeUnit } {
  if (!bytes) return { value: '', unit: 'MB' };
  for (const unit of ['GB', 'MB', 'KB'] as const) if (bytes % SIZE_UNITS[unit] === 0) return { value: String(bytes / SIZE_UNITS[unit]), unit };
  return { value: String(bytes), unit: 'bytes' };
}

/** "image/png, image/*" -> ['image/png', 'image/*']; empty -> null (any type). */
export function parseMimeTypes(s: string): string[] | null {
  const list = s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
  return list.length ? list : null;
}

export function formatDate(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** '' or a folder path ending in one '/', with no empty segments. */
export function normalisePrefix(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return parts.length ? `${parts.join('/')}/` : '';
}

export function userStatus(u: AuthUser, now = new Date()): string {
  if (u.banned_until && new Date(u.banned_until) > now) return 'Banned';
  if (u.is_anonymous) return 'Anonymous';
  if (u.email_confirmed_at || u.confirmed_at) return 'Confirmed';
  if (u.invited_at) return 'Invited';
  return 'Waiting for verification';
}
