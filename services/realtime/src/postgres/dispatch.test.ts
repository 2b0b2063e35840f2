// The dispatch stage with a stub database: subscribers with equal (role, claims) share one RLS check, a batch
// costs one visible_rows statement per table, and each subscriber receives only the rows its identity may see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '@powabase/db';
import type { Channel, ChannelAuth } from '../channel/channel.ts';
import type { Catalog, TableInfo } from './catalog.ts';
import type { QueuedChange } from './change-feed.ts';
import { parseSubscriptionParams } from './filters.ts';
import { planChange, resolveVisibility, sendChange, type DispatchDeps } from './dispatch.ts';
import { PgRegistry } from './subscriptions.ts';

const columns = [{ name: 'id', type: 'int8' }, { name: 'owner', type: 'text' }, { name: 'prio', type: 'int4' }];
const INFO: TableInfo = {
  relid: 42, schema: 'public', table: 'tasks', columns, types: new Map(columns.map((c) => [c.name, c.type])),
  pk: ['id'], rls: true, replicaFull: false,
};

function fakeChannel(n: number, auth: ChannelAuth, inbox: Map<number, number[]>): Channel {
  inbox.set(n, []);
  const conn = { pushJson: (_j: unknown, _r: unknown, _t: string, _e: string, json: string) => inbox.get(n)!.push(JSON.parse(json).data.record.id) };
  return { closed: false, auth, topic: `realtime:c${n}`, conn } as unknown as Channel;
}

const auth = (sub: string | null, token: string): ChannelAuth => {
  const role = sub ? 'authenticated' : 'anon';
  return { token, role, exp: 9e9, claims: { ...(sub ? { sub } : {}), role, exp: 9e9 } };
};

function setup(visibleBySub: Record<string, number[]>, filterFor?: (n: number) => string | undefined) {
  const calls: unknown[][] = [];
  const db = {
    async query(sql: string, params: unknown[]) {
      calls.push(params);
      assert.match(sql, /realtime\.visible_rows/);
      const [, pks, ids] = params as [number, string[], string[]];
      const rowIds = pks.map((p) => JSON.parse(p).id as number);
      const v = ids.map((id) => rowIds.flatMap((rid, i) => ((visibleBySub[JSON.parse(id).sub ?? 'anon'] ?? []).includes(rid) ? [i + 1] : [])));
      return { rows: [{ v }] };
    },
  } as unknown as Db;
  const catalog = { table: async () => INFO, selectable: async () => new Set(['id', 'owner', 'prio']) } as unknown as Catalog;
  const registry = new PgRegistry();
  const deps: DispatchDeps = { db, catalog, registry, maxRecordBytes: 1 << 20 };
  const inbox = new Map<number, number[]>();
  // 100 subscribers of two users (a new token per socket, equal claims) and one anon subscriber
  for (let n = 0; n <= 100; n++) {
    const a = n === 100 ? auth(null, 'anon-key') : auth(n % 2 ? 'user-b' : 'user-a', `token-${n}`);
    const parsed = parseSubscriptionParams({ event: 'INSERT', schema: 'public', table: 'tasks', ...(filterFor?.(n) ? { filter: filterFor(n) } : {}) });
    assert.ok(parsed.ok);
    registry.add({ id: n + 1, channel: fakeChannel(n, a, inbox), params: parsed.value });
  }
  return { deps, calls, inbox };
}

const change = (id: number, owner: string, prio: number): QueuedChange => ({
  id: String(id), relid: 42, op: 'INSERT', record: { id, owner, prio }, oldRecord: null, committedAt: new Date(0),
});

async function dispatch(deps: DispatchDeps, changes: QueuedChange[]) {
  const plans = (await Promise.all(changes.map((c) => planChange(deps, c)))).filter((p) => p !== null);
  await resolveVisibility(deps, plans);
  for (const p of plans) await sendChange(deps, p);
}

test('100 subscribers of 2 users (+ anon) cost one statement with 3 identities, sorted by role', async () => {
  const { deps, calls, inbox } = setup({ 'user-a': [1, 3], 'user-b': [2] });
  await dispatch(deps, [change(1, 'a', 1), change(2, 'b', 1), change(3, 'a', 9)]);
  assert.equal(calls.length, 1);
  const ids = (calls[0][2] as string[]).map((s) => JSON.parse(s));
  assert.deepEqual(ids.map((c) => [c.role, c.sub]), [['anon', undefined], ['authenticated', 'user-a'], ['authenticated', 'user-b']]);
  assert.deepEqual(calls[0][1], ['{"id":1}', '{"id":2}', '{"id":3}']);
  for (let n = 0; n < 100; n++) assert.deepEqual(inbox.get(n), n % 2 ? [2] : [1, 3], `subscriber ${n}`);
  assert.deepEqual(inbox.get(100), []);
});

test('with filters, only the identities of matching subscribers are checked, and each gets its allowed rows', async () => {
  // even subscribers (user a) want prio > 5, odd ones (user b) prio = 1; anon has no filter
  const { deps, calls, inbox } = setup({ 'user-a': [1, 3], 'user-b': [2, 4] }, (n) => (n === 100 ? undefined : n % 2 ? 'prio=eq.1' : 'prio=gt.5'));
  await dispatch(deps, [change(1, 'a', 1), change(2, 'b', 1), change(3, 'a', 9), change(4, 'b', 9)]);
  assert.equal(calls.length, 1);
  for (let n = 0; n < 100; n++) assert.deepEqual(inbox.get(n), n % 2 ? [2] : [3], `subscriber ${n}`);
  assert.deepEqual(inbox.get(100), []);
  // a batch whose rows no filtered subscriber matches checks anon only
  calls.length = 0;
  await dispatch(deps, [change(5, 'a', 3)]);
  assert.deepEqual((calls[0][2] as string[]).map((s) => JSON.parse(s).role), ['anon']);
});

test('a table without RLS is never checked', async () => {
  const { deps, calls, inbox } = setup({});
  (INFO as { rls: boolean }).rls = false;
  try {
    await dispatch(deps, [change(7, 'a', 1)]);
  } finally {
    (INFO as { rls: boolean }).rls = true;
  }
  assert.equal(calls.length, 0);
  for (let n = 0; n <= 100; n++) assert.deepEqual(inbox.get(n), [7]);
});
