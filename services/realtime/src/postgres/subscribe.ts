// Turns a join's `postgres_changes` entries into live subscriptions: parse, check each table is in the
// supabase_realtime publication and that filter columns exist. As in Supabase, one bad entry fails them
// all (a system error after the join reply), and the reply still echoes every entry with its id.
import type { Channel } from '../channel/channel.ts';
import type { Catalog } from './catalog.ts';
import { parseSubscriptionParams, type PgParams } from './filters.ts';
import { subscriptionId, type PgSubscription } from './subscriptions.ts';

export type SubscribeOutcome =
  | { ok: true; subs: PgSubscription[] }
  | { ok: false; message: string };

function describe(p: PgParams): string {
  const filters = `[${p.filters.map((f) => `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.list ? `{${f.list.join(',')}}` : f.value)}}`).join(', ')}]`;
  return `event: ${p.event}, schema: ${p.schema}, table: ${p.table}, filters: ${filters}, select: ${p.select ? JSON.stringify(p.select) : 'nil'}`;
}

export async function prepareSubscriptions(catalog: Catalog, ch: Channel, entries: Record<string, unknown>[]): Promise<SubscribeOutcome> {
  const subs: PgSubscription[] = [];
  for (const raw of entries) {
    const parsed = parseSubscriptionParams(raw);
    if (!parsed.ok) return { ok: false, message: parsed.error };
    const p = parsed.value;
    const tables = await catalog.published(p.schema, p.table);
    if (tables.length === 0) {
      return { ok: false, message: `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${describe(p)}]` };
    }
    for (const t of tables) {
      const info = await catalog.table(t.relid);
      const bad = [...p.filters.map((f) => f.column), ...(p.select ?? [])].find((c) => !info?.types.has(c));
      if (bad !== undefined) {
        return {
          ok: false,
          message: `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${describe(p)}]. Exception: invalid column for filter ${bad}`,
        };
      }
    }
    subs.push({ id: subscriptionId(raw), channel: ch, params: p });
  }
  return { ok: true, subs };
}
