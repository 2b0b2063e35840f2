// Request headers normalised once: lower-cased names, repeated values joined with ", ", `cookie`
// split out into a name → value record (PostgREST `request.headers` / `request.cookies`).
import type { RawRequest } from './types.ts';

export function normaliseHeaders(raw: RawRequest['headers']): Record<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    const key = name.toLowerCase();
    const prev = out.get(key);
    out.set(key, prev === undefined ? text : `${prev}, ${text}`);
  }
  return Object.fromEntries(out);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  if (!header) return {};
  const pairs = header.split(/;\s*/).filter((p) => p.trim() !== '').map((p): [string, string] => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p.trim(), ''] : [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
  });
  return Object.fromEntries(pairs);
}

export function withoutCookie(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'cookie'));
}
