// The data tools as the caller on the postgres engine (TEST_PG_URL; PGlite is covered over HTTP by
// agents-rls.test.ts): owner-only RLS per user, the service role's scope, refused tables and catalogs, and
// writes checked by RLS — calling the tool modules directly, since the AI routes need pgvector.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { baseMigrations, migrate, type Db } from '@powabase/db';
import { openTestDb, pgSkip } from './helpers.ts';
import type { AiContext } from '../src/context.ts';
import { resolveScope } from '../src/tools/data-scope.ts';
import { databaseQueryTool } from '../src/tools/builtin/database-query.ts';
import { databaseWriteTool } from '../src/tools/builtin/database-write.ts';
import type { AgentTool, Caller } from '../src/tools/types.ts';

const alice = randomUUID();
const bob = randomUUID();
const user = (sub: string): Caller => ({ kind: 'user', userId: sub, claims: { sub, role: 'authenticated', aud: 'authenticated' } });
const service: Caller = { kind: 'service' };

describe('data tools on postgres', { skip: pgSkip }, () => {
  let db: Db;
  let drop: () => Promise<void>;
  let ctx: AiContext;
  let query: (c: Caller) => AgentTool;
  let write: (c: Caller) => AgentTool;
  const signal = new AbortController().signal;

  before(async () => {
    ({ db, drop } = await openTestDb('postgres'));
    await migrate(db, [baseMigrations()]);
    await db.query(`create table public.notes (id serial primary key, owner uuid not null, body text not null);
      alter table public.notes enable row level security;
      create policy notes_owner on public.notes for all to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
      grant select, insert, update, delete on public.notes to authenticated, service_role;
      grant usage on sequence public.notes_id_seq to authenticated, service_role;
      create table public.secrets (id int primary key, value text);
      grant select on public.secrets to authenticated, service_role;
      insert into public.secrets values (1, 'launch code');`);
    await db.query('insert into public.notes (owner, body) values ($1, $2), ($3, $4)', [alice, 'alice one', bob, 'bob one']);
    ctx = { db } as unknown as AiContext;
    const tables = await resolveScope(db, { public: ['notes'] });
    query = (c) => databaseQueryTool(ctx, c, tables, 5000);
    write = (c) => databaseWriteTool(ctx, c, tables, 5000);
  });
  after(async () => { await drop?.(); });

  const rows = async (c: Caller, sql: string) => ((await query(c).run({ query: sql }, signal)).result as any).rows.map((r: any) => r.body).sort();

  test('each user sees own rows; the service role sees the scope', async () => {
    assert.deepEqual(await rows(user(alice), 'select body from notes'), ['alice one']);
    assert.deepEqual(await rows(user(bob), 'select body from notes'), ['bob one']);
    assert.deepEqual(await rows(service, 'select body from notes'), ['alice one', 'bob one']);
  });

  test('tables outside the scope, catalogs and set_config are refused', async () => {
    await assert.rejects(query(user(alice)).run({ query: 'select * from secrets' }, signal), /public\.secrets is not available/);
    await assert.rejects(query(service).run({ query: 'select relname from pg_class' }, signal), /pg_catalog\.pg_class is not available/);
    await assert.rejects(query(user(alice)).run({ query: "select set_config('role', 'service_role', true)" }, signal), /set_config is not allowed/);
  });

  test('writes go through RLS', async () => {
    const ok = await write(user(alice)).run({ table: 'notes', operation: 'insert', data: { owner: alice, body: 'alice two' } }, signal);
    assert.equal((ok.result as any).row_count, 1);
    await assert.rejects(write(user(alice)).run({ table: 'notes', operation: 'insert', data: { owner: bob, body: 'forged' } }, signal), /row-level security/);
    const none = await write(user(alice)).run({ table: 'notes', operation: 'delete', where: { owner: bob } }, signal);
    assert.equal((none.result as any).row_count, 0);
    assert.equal((await db.query('select count(*)::int as n from public.notes')).rows[0].n, 3);
  });
});
