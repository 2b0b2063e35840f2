// Request checks that need only the parsed request: embed paths of filters/orders/limits/logic must
// name an embed of `select` (PGRST108), aggregates need `db-aggregates-enabled` (PGRST123), and
// unknown preferences fail under handling=strict (PGRST122).
import { restError } from '../errors.ts';
import type { EmbedPath, OrderTerm, Preferences, SelectItem } from './types.ts';

type Embed = Extract<SelectItem, { type: 'embed' | 'spread' }>;

const embedsOf = (items: readonly SelectItem[]): Embed[] =>
  items.filter((i): i is Embed => i.type === 'embed' || i.type === 'spread');

const visibleName = (e: Embed): string => (e.type === 'embed' && e.alias !== undefined ? e.alias : e.relation);

/** The select level an embed path points to; PGRST108 names the first missing step. */
export function resolveEmbedPath(select: readonly SelectItem[], path: EmbedPath, legacyTargetNames: boolean): readonly SelectItem[] {
  let level = select;
  for (const name of path) {
    const embeds = embedsOf(level);
    const found = embeds.find((e) => visibleName(e) === name)
      ?? (legacyTargetNames ? embeds.find((e) => e.relation === name) : undefined);
    if (!found) {
      const aliased = embeds.find((e) => e.relation === name && e.type === 'embed' && e.alias !== undefined);
      if (aliased && aliased.type === 'embed') {
        throw restError('PGRST108', { resource: name }, {
          details: 'Target names are not allowed in filters if they have an alias',
          hint: `Change '${name}' to '${aliased.alias}' in filters, orders or limits.`,
        });
      }
      throw restError('PGRST108', { resource: name });
    }
    level = found.select;
  }
  return level;
}

export interface EmbedPathUses {
  select: readonly SelectItem[];
  paths: readonly EmbedPath[];
  orders: readonly { path: EmbedPath; terms: readonly OrderTerm[] }[];
  legacyTargetNames: boolean;
}

export function checkEmbedPaths(u: EmbedPathUses): void {
  for (const path of u.paths) resolveEmbedPath(u.select, path, u.legacyTargetNames);
  for (const { path, terms } of u.orders) {
    const level = resolveEmbedPath(u.select, path, u.legacyTargetNames);
    for (const t of terms) {
      if (t.relation !== undefined && !embedsOf(level).some((e) => visibleName(e) === t.relation)) {
        throw restError('PGRST108', { resource: t.relation });
      }
    }
  }
}

export function hasAggregates(items: readonly SelectItem[]): boolean {
  return items.some((i) => i.type === 'count' || (i.type === 'field' && i.aggregate !== undefined)
    || ((i.type === 'embed' || i.type === 'spread') && hasAggregates(i.select)));
}

export function checkAggregates(select: readonly SelectItem[], enabled: boolean): void {
  if (!enabled && hasAggregates(select)) throw restError('PGRST123');
}

export function checkStrictPreferences(p: Preferences): void {
  if (p.handling === 'strict' && p.invalid.length > 0) {
    throw restError('PGRST122', { prefs: p.invalid.join(', ') });
  }
}
