// Response overrides set from SQL: `response.headers` (a JSON array of single-key objects with string
// values, else PGRST111) and `response.status` (a valid status code, else PGRST112).
import { restError } from '../errors.ts';

export function gucHeaders(text: string | null): [string, string][] {
  if (text === null) return [];
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw restError('PGRST111'); }
  if (!Array.isArray(value)) throw restError('PGRST111');
  return value.map((o) => {
    const entries = o && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o) : [];
    if (entries.length !== 1 || typeof entries[0]![1] !== 'string') throw restError('PGRST111');
    return entries[0] as [string, string];
  });
}

export function gucStatus(text: string | null): number | null {
  if (text === null) return null;
  if (!/^\d+$/.test(text.trim())) throw restError('PGRST112');
  const n = Number(text.trim());
  if (n < 100 || n > 599) throw restError('PGRST112');
  return n;
}
