// Turns drained changes into postgres_changes messages: subscriptions matched by table, event and
// filters; RLS checked per distinct (role, claims) of the subscribers with one statement per table per batch;
// columns cut to what the subscriber's role may SELECT; `old_record` cut to the primary key unless
// REPLICA IDENTITY FULL. Messages go out in queue order.
import type { Db } from '@powabase/db';
import type { Channel, ChannelAuth } from '../channel/channel.ts';
import type { Catalog, TableInfo } from './catalog.ts';
import type { QueuedChange } from './change-feed.ts';
import { matchesFilters } from './filters.ts';
import type { PgRegistry, PgSubscription } from './subscriptions.ts';

const ERR_NO_PK = 'Error 400: Bad Request, no primary key';
const ERR_UNAUTHORIZED = 'Error 401: Unauthorized';
const ERR_TOO_LARGE = 'Error 413: Payload Too Large';
const SMALL_VALUE_BYTES = 64;

export interface DispatchDeps {
  db: Db;
  catalog: Catalog;
  registry: PgRegistry;
  maxRecordBytes: number;
}

/** A change with its table and the subscriptions its event and filters match; `visible` set once RLS ran. */
export interface PlannedChange {
  c: QueuedChange;
  info: TableInfo;
  oldRow: Record<string, unknown> | null;
  matched: PgSubscription[];
  needsRls: boolean;
  visible?: Set<string>;
}

const pick = (rec: Record<string, unknown> | null, cols: Iterable<string>): Record<string, unknown> | null => {
  if (!rec) return null;
  const out: Record<string, unknown> = {};
  for (const c of cols) if (c in rec) out[c] = rec[c];
  return out;
};

/** The old row as the subscriber may see it: full with REPLICA IDENTITY FULL (not for a DELETE under RLS), else the pk. */
function oldRowOf(info: TableInfo, c: QueuedChange): Record<string, unknown> | null {
  if (c.op === 'INSERT' || !c.oldRecord) return null;
  const full = info.replicaFull && !(c.op === 'DELETE' && info.rls);
  return full ? c.oldRecord : pick(c.oldRecord, info.pk);
}

/** Drops values over 64 bytes when the record is too large, as Supabase does; says whether it did. */
function shrink(rec: Record<string, unknown> | null, max: number): { rec: Record<string, unknown> | null; cut: boolean } {
  if (!rec || Buffer.byteLength(JSON.stringify(rec)) <= max) return { rec, cut: false };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (Buffer.byteLength(JSON.stringify(v ?? null)) <= SMALL_VALUE_BYTES) out[k] = v;
  return { rec: out, cut: true };
}

export async function planChange(deps: DispatchDeps, c: QueuedChange): Promise<PlannedChange | null> {
  const info = await deps.catalog.table(c.relid);
  if (!info) return null;
  const candidates = deps.registry.matching(info.schema, info.table)
    .filter((s) => !s.channel.closed && (s.params.event === '*' || s.params.event === c.op));
  if (candidates.length === 0) return null;
  const oldRow = oldRowOf(info, c);
  const evalRow = c.op === 'DELETE' ? oldRow : c.record;
  const matched = candidates.filter((s) => matchesFilters(s.params.filters, evalRow, info.types));
  if (matched.length === 0) return null;
  return { c, info, oldRow, matched, needsRls: info.rls && c.op !== 'DELETE' && info.pk.length > 0 };
}

/** The RLS identity of a subscriber: subscribers with equal role and claims share one check. Cached per auth value. */
const identities = new WeakMap<ChannelAuth, string>();
function identityOf(auth: ChannelAuth): string {
  let k = identities.get(auth);
  if (k === undefined) identities.set(auth, (k = JSON.stringify({ ...auth.claims, role: auth.role })));
  return k;
}

/**
 * One realtime.visible_rows call per table per batch, one statement (no explicit transaction: its local
 * settings end with the statement): which identities (role + claims) may see which of the batch's rows.
 * Identities are sorted by role so the function switches role, and re-plans, once per role.
 */
export async function resolveVisibility(deps: DispatchDeps, plans: PlannedChange[]): Promise<void> {
  const byTable = new Map<number, PlannedChange[]>();
  for (const p of plans) {
    if (!p.needsRls) continue;
    const list = byTable.get(p.info.relid);
    if (list) list.push(p); else byTable.set(p.info.relid, [p]);
  }
  for (const [relid, list] of byTable) {
    const roles = new Map<string, string>(); // identity -> role
    for (const p of list) for (const s of p.matched) roles.set(identityOf(s.channel.auth), s.channel.auth.role);
    const ids = [...roles.keys()].sort((a, b) => (roles.get(a)! < roles.get(b)! ? -1 : roles.get(a)! > roles.get(b)! ? 1 : 0));
    const pks = list.map((p) => JSON.stringify(pick(p.c.record, p.info.pk)));
    const r = await deps.db.query<{ v: number[][] }>(
      'select realtime.visible_rows($1::int8::oid::regclass, $2::jsonb[], $3::jsonb[]) as v', [relid, pks, ids],
    );
    const seen = r.rows[0]?.v ?? [];
    list.forEach((p) => { p.visible = new Set(); });
    ids.forEach((id, i) => { for (const idx of seen[i] ?? []) list[idx - 1]?.visible!.add(id); });
  }
}

/** Whether RLS let this subscriber see the planned row. */
const visibleTo = (plan: PlannedChange, s: PgSubscription): boolean => !plan.needsRls || plan.visible?.has(identityOf(s.channel.auth)) === true;

interface Outgoing { channel: Channel; ids: number[]; select: string[] | null }

function groupByChannel(subs: PgSubscription[]): Outgoing[] {
  const out = new Map<Channel, Map<string, Outgoing>>();
  for (const s of subs) {
    let bySelect = out.get(s.channel);
    if (!bySelect) out.set(s.channel, (bySelect = new Map()));
    const key = JSON.stringify(s.params.select);
    const o = bySelect.get(key);
    if (!o) bySelect.set(key, { channel: s.channel, ids: [s.id], select: s.params.select });
    else if (!o.ids.includes(s.id)) o.ids.push(s.id);
  }
  return [...out.values()].flatMap((m) => [...m.values()]);
}

export async function sendChange(deps: DispatchDeps, plan: PlannedChange): Promise<void> {
  const { c, info, oldRow } = plan;
  const subs = plan.needsRls ? plan.matched.filter((s) => visibleTo(plan, s)) : plan.matched;
  const base = { schema: info.schema, table: info.table, commit_timestamp: c.committedAt.toISOString(), type: c.op };
  for (const o of groupByChannel(subs)) {
    if (o.channel.closed) continue;
    const allowed = await deps.catalog.selectable(info.relid, o.channel.auth.role);
    let data: Record<string, unknown>;
    if (info.pk.length === 0) data = { ...base, columns: [], errors: [ERR_NO_PK] };
    else if (!info.pk.every((k) => allowed.has(k))) data = { ...base, columns: [], errors: [ERR_UNAUTHORIZED] };
    else {
      const wanted = o.select ? new Set([...info.pk, ...o.select]) : null;
      const cols = info.columns.filter((col) => allowed.has(col.name) && (!wanted || wanted.has(col.name)));
      const names = cols.map((col) => col.name);
      const rec = shrink(c.op === 'DELETE' ? null : pick(c.record, names), deps.maxRecordBytes);
      const old = shrink(pick(oldRow, names), deps.maxRecordBytes);
      data = { ...base, columns: cols, errors: rec.cut || old.cut ? [ERR_TOO_LARGE] : null };
      if (c.op !== 'DELETE') data.record = rec.rec;
      if (c.op !== 'INSERT') data.old_record = old.rec ?? {};
    }
    o.channel.conn.pushJson(null, null, o.channel.topic, 'postgres_changes', JSON.stringify({ ids: o.ids, data }));
  }
}
