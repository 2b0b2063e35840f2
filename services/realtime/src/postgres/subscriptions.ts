// The live postgres_changes subscriptions of this process, indexed by schema and table (with `*` wildcards).
import type { Channel } from '../channel/channel.ts';
import type { PgParams } from './filters.ts';

export interface PgSubscription {
  /** Echoed in the join reply and in each event's `ids`; equal params give equal ids. */
  id: number;
  channel: Channel;
  params: PgParams;
}

const keyOf = (schema: string, table: string) => `${schema}\u0000${table}`;

/** A stable positive 31-bit id from the client's params (FNV-1a over their canonical JSON). */
export function subscriptionId(raw: Record<string, unknown>): number {
  const canon = JSON.stringify(Object.keys(raw).sort().map((k) => [k, raw[k]]));
  let h = 0x811c9dc5;
  for (let i = 0; i < canon.length; i++) {
    h ^= canon.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) || 1;
}

export class PgRegistry {
  readonly #byKey = new Map<string, Set<PgSubscription>>();

  add(sub: PgSubscription): void {
    const k = keyOf(sub.params.schema, sub.params.table);
    let set = this.#byKey.get(k);
    if (!set) this.#byKey.set(k, (set = new Set()));
    set.add(sub);
  }

  remove(sub: PgSubscription): void {
    const k = keyOf(sub.params.schema, sub.params.table);
    const set = this.#byKey.get(k);
    set?.delete(sub);
    if (set && set.size === 0) this.#byKey.delete(k);
  }

  get isEmpty(): boolean { return this.#byKey.size === 0; }

  matching(schema: string, table: string): PgSubscription[] {
    const out: PgSubscription[] = [];
    for (const k of [keyOf(schema, table), keyOf(schema, '*'), keyOf('*', table), keyOf('*', '*')]) {
      for (const s of this.#byKey.get(k) ?? []) out.push(s);
    }
    return out;
  }
}
