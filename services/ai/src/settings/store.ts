// Reads and writes project settings: overrides in ai.project_settings over the registry's defaults.
// Secret values are sealed at rest and masked on the way out; sending the mask back changes nothing.
import type { Db } from '@powabase/db';
import { raise } from '../errors.ts';
import type { SecretBox } from '../provider-keys/crypto.ts';
import { BY_KEY, CATEGORIES, SECRET_MASK, SETTINGS, validateSetting, type Category } from './registry.ts';

export type SettingsSnapshot = {
  str(key: string): string;
  int(key: string): number;
  num(key: string): number;
  bool(key: string): boolean;
};

/** How long a read of the overrides is reused (writes through this store drop it at once; another replica's
 *  writes are seen after at most this long). Runs and searches read settings on every request. */
const CACHE_MS = 1000;

export class SettingsStore {
  private cached: { at: number; rows: Promise<Map<string, string>> } | null = null;

  constructor(private readonly db: Db, private readonly box: SecretBox) {}

  private overrides(): Promise<Map<string, string>> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.rows;
    const rows = this.db.query<{ key: string; value: string | null }>('select key, value from ai.project_settings')
      .then((r) => new Map(r.rows.filter((x) => x.value !== null).map((x) => [x.key, x.value!])));
    this.cached = { at: now, rows };
    rows.catch(() => { if (this.cached?.rows === rows) this.cached = null; });
    return rows;
  }

  private invalidate(): void {
    this.cached = null;
  }

  /** Effective values (secrets in clear), for the pipeline. */
  async snapshot(): Promise<SettingsSnapshot> {
    const o = await this.overrides();
    const str = (key: string): string => {
      const def = BY_KEY.get(key);
      if (!def) throw new Error(`unknown setting ${key}`);
      const v = o.get(key);
      if (v === undefined) return def.default;
      if (def.type !== 'secret') return v;
      try { return this.box.open(v); } catch { return ''; }
    };
    return { str, int: (k) => Math.trunc(Number(str(k))), num: (k) => Number(str(k)), bool: (k) => str(k) === 'true' };
  }

  async list(): Promise<{ categories: Record<string, unknown> }> {
    const o = await this.overrides();
    const categories: Record<string, { label: string; settings: unknown[] }> = {};
    for (const [cat, label] of Object.entries(CATEGORIES)) categories[cat] = { label, settings: [] };
    for (const def of SETTINGS) {
      const stored = o.get(def.key);
      const secret = def.type === 'secret';
      const value = stored === undefined ? (secret ? '' : def.default) : secret ? SECRET_MASK : stored;
      categories[def.category].settings.push({
        key: def.key, label: def.label, description: def.description, type: secret ? 'string' : def.type,
        default: secret ? '' : def.default, value, advanced: !!def.advanced, secret, is_set: stored !== undefined,
        ...(def.min !== undefined ? { min: def.min } : {}), ...(def.max !== undefined ? { max: def.max } : {}),
        ...(def.choices ? { choices: def.choices } : {}), ...(def.subcategory ? { subcategory: def.subcategory } : {}),
      });
    }
    return { categories };
  }

  /** Validates every value first; writes all or nothing. */
  async update(input: unknown): Promise<{ ok: true; updated: string[] }> {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw raise('invalid_request', 'Body must be {"settings": {KEY: value}}');
    const details: Record<string, string> = {};
    const writes: Array<[string, string | null]> = [];
    for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
      const def = BY_KEY.get(key);
      if (!def) { details[key] = 'unknown setting'; continue; }
      if (def.type === 'secret' && raw === SECRET_MASK) continue;
      if (def.type === 'secret' && (raw === '' || raw === null)) { writes.push([key, null]); continue; }
      const v = validateSetting(def, raw);
      if (!v.ok) details[key] = v.error;
      else writes.push([key, def.type === 'secret' ? this.box.seal(v.value) : v.value]);
    }
    if (Object.keys(details).length) throw raise('validation_failed', 'Validation failed', { details });
    await this.db.tx(async (c) => {
      for (const [key, value] of writes) {
        if (value === null) await c.query('delete from ai.project_settings where key = $1', [key]);
        else await c.query(`insert into ai.project_settings (key, value, updated_at) values ($1, $2, now())
                            on conflict (key) do update set value = excluded.value, updated_at = now()`, [key, value]);
      }
    }).finally(() => this.invalidate());
    return { ok: true, updated: writes.map(([k]) => k) };
  }

  async reset(key: string): Promise<{ ok: true; key: string; default: string }> {
    const def = BY_KEY.get(key);
    if (!def) throw raise('unknown_setting', `Unknown setting: ${key}`);
    await this.db.query('delete from ai.project_settings where key = $1', [key]).finally(() => this.invalidate());
    return { ok: true, key, default: def.type === 'secret' ? '' : def.default };
  }

  async resetCategory(category: unknown): Promise<{ ok: true; category: string; reset: string[] }> {
    if (typeof category !== 'string' || !(category in CATEGORIES)) {
      throw raise('invalid_request', `Unknown category; one of ${Object.keys(CATEGORIES).join(', ')}`);
    }
    const keys = SETTINGS.filter((s) => s.category === (category as Category)).map((s) => s.key);
    await this.db.query('delete from ai.project_settings where key = any($1::text[])', [keys]).finally(() => this.invalidate());
    return { ok: true, category, reset: keys };
  }
}
