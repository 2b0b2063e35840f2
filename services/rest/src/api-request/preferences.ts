// The `Prefer` header (RFC 7240 as PostgREST reads it): comma-separated tokens, first recognised value
// per category wins, unknown tokens collected for handling=strict; and the `Preference-Applied` list.
import type { Action, Preferences } from './types.ts';

const CHOICES = {
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  return: ['representation', 'minimal', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  tx: ['commit', 'rollback'],
  missing: ['default', 'null'],
  handling: ['strict', 'lenient'],
} as const;

type Category = keyof typeof CHOICES;

function isKnown(token: string): boolean {
  if (token.startsWith('timezone=') || token.startsWith('max-affected=')) return true;
  const eq = token.indexOf('=');
  const cat = token.slice(0, eq) as Category;
  return eq > 0 && cat in CHOICES && (CHOICES[cat] as readonly string[]).includes(token.slice(eq + 1));
}

/** Parses the (already comma-joined) Prefer header value. */
export function parsePreferences(header: string | undefined, opts: { txAllowOverride?: boolean } = {}): Preferences {
  const tokens = (header ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const first = <C extends Category>(cat: C): (typeof CHOICES)[C][number] | undefined => {
    for (const t of tokens) {
      const v = t.startsWith(`${cat}=`) ? t.slice(cat.length + 1) : undefined;
      if (v !== undefined && (CHOICES[cat] as readonly string[]).includes(v)) return v as (typeof CHOICES)[C][number];
    }
    return undefined;
  };
  const prefixed = (prefix: string) => tokens.find((t) => t.startsWith(prefix))?.slice(prefix.length);
  const maxAffectedRaw = prefixed('max-affected=');
  const maxAffected = maxAffectedRaw !== undefined && /^-?\d+$/.test(maxAffectedRaw) ? Number(maxAffectedRaw) : undefined;
  const prefs: Preferences = { invalid: tokens.filter((t) => !isKnown(t)) };
  const set = <K extends keyof Preferences>(k: K, v: Preferences[K] | undefined) => { if (v !== undefined) prefs[k] = v; };
  set('return', first('return'));
  set('count', first('count'));
  set('resolution', first('resolution'));
  set('missing', first('missing'));
  set('handling', first('handling'));
  if (opts.txAllowOverride) set('tx', first('tx'));
  set('timezone', prefixed('timezone='));
  if (maxAffected !== undefined && Number.isSafeInteger(maxAffected)) prefs.maxAffected = maxAffected;
  set('params', prefixed('params='));
  return prefs;
}

const MUTATIONS: readonly Action[] = ['insert', 'update', 'upsert', 'delete'];

/**
 * Tokens for `Preference-Applied`, in PostgREST's order. `resolutionApplies` is false when the
 * target table has no primary key and no `on_conflict` was given (only the planner knows).
 */
export function appliedPreferences(p: Preferences, action: Action, opts: { resolutionApplies?: boolean } = {}): string[] {
  const out: string[] = [];
  if (p.resolution && action === 'insert' && opts.resolutionApplies !== false) out.push(`resolution=${p.resolution}`);
  if (p.missing && (action === 'insert' || action === 'update')) out.push(`missing=${p.missing}`);
  if (p.return && MUTATIONS.includes(action)) out.push(`return=${p.return}`);
  if (p.count) out.push(`count=${p.count}`);
  if (p.tx) out.push(`tx=${p.tx}`);
  if (p.handling) out.push(`handling=${p.handling}`);
  if (p.timezone !== undefined) out.push(`timezone=${p.timezone}`);
  if (p.maxAffected !== undefined && p.handling === 'strict' && ['update', 'delete', 'call'].includes(action)) {
    out.push(`max-affected=${p.maxAffected}`);
  }
  return out;
}
