// Data tools act as the run's caller (agents.md §4.2), through the gateway with a scripted model: a table with an
// owner-only RLS policy and two users with real user tokens — each user's run sees (and may write) only their own
// rows; a service-role run sees what the agent's table scope allows; tables outside the scope, system catalogs,
// settings changes and multi-statement SQL are refused as tool errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';

let s: Stack;
let llm: ScriptedLlm;
let agentId = '';
const alice = randomUUID();
const bob = randomUUID();

before(async () => {
  llm = await startScriptedLlm();
  s = await startStack({ config: { providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0 } } });
  assert.equal((await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } })).status, 201);
  await s.sql(`create table public.notes (id serial primary key, owner uuid not null, body text not null);
    alter table public.notes enable row level security;
    create policy notes_owner on public.notes for all to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
    grant select, insert, update, delete on public.notes to authenticated, service_role;
    grant usage on sequence public.notes_id_seq to authenticated, service_role;
    create table public.secrets (id int primary key, value text);
    grant select on public.secrets to authenticated, service_role;
    create view public.my_notes with (security_invoker = true) as select id, body from public.notes;
    grant select on public.my_notes to authenticated, service_role;`);
  await s.sql('insert into public.notes (owner, body) values ($1, $2), ($1, $3), ($4, $5)', [alice, 'alice one', 'alice two', bob, 'bob one']);
  await s.sql("insert into public.secrets values (1, 'the launch code')");
  const agent = await s.json('/agents', { method: 'POST', json: { name: 'Notes bot', model: 'gpt-4o-mini' } });
  agentId = agent.body.id;
  for (const tool_name of ['database_query', 'database_write']) {
    const a = await s.json(`/agents/${agentId}/tools`, { method: 'POST', json: { tool_name, config_override: { schemas: { public: ['notes', 'my_notes'] } } } });
    assert.equal(a.status, 201);
  }
});
after(async () => { await s?.close(); await llm?.close(); });

/** One run whose model calls `tool` with `args`; returns what the tool answered the model (parsed) and the events. */
async function callTool(token: string | undefined, tool: string, args: unknown): Promise<{ result: any; events: any[] }> {
  const n = llm.requests.length;
  llm.script(toolTurn([{ name: tool, args }]), textTurn(['ok']));
  const res = await s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json: { message: 'go' }, token });
  assert.equal(res.status, 200);
  const events = await readSse(res);
  assert.equal(events.at(-1).event, 'complete', JSON.stringify(events.at(-1)));
  const msg = llm.requests[n + 1].body.messages.find((m: any) => m.role === 'tool');
  return { result: JSON.parse(msg.content), events };
}

const bodies = (r: any) => r.rows.map((x: any) => x.body).sort();

describe('data tools run as the caller', () => {
  test('each user sees only their own rows (RLS); the service role sees every row of the scope', async () => {
    const a = await callTool(await s.userToken(alice), 'database_query', { query: 'select body from notes order by id' });
    assert.deepEqual(bodies(a.result), ['alice one', 'alice two']);
    const b = await callTool(await s.userToken(bob), 'database_query', { query: 'select body from notes' });
    assert.deepEqual(bodies(b.result), ['bob one']);
    const svc = await callTool(undefined, 'database_query', { query: 'SELECT body FROM public.notes;' });
    assert.deepEqual(bodies(svc.result), ['alice one', 'alice two', 'bob one']);
    // a security_invoker view in the scope keeps the caller's RLS
    const v = await callTool(await s.userToken(bob), 'database_query', { query: 'select body from my_notes' });
    assert.deepEqual(bodies(v.result), ['bob one']);
  });

  test('outside the scope: other tables, system catalogs, settings changes, writes and several statements are refused', async () => {
    const user = await s.userToken(alice);
    const cases: Array<[unknown, RegExp]> = [
      ['select * from secrets', /public\.secrets is not available/],
      ['select n.body, (select value from public.secrets limit 1) from notes n', /public\.secrets is not available/],
      ['select relname from pg_class', /pg_catalog\.pg_class is not available/],
      ['select table_name from information_schema.tables', /not available/],
      ["select set_config('request.jwt.claims', '{\"sub\":\"x\"}', true), body from notes", /set_config is not allowed/],
      ['delete from notes', /must start with SELECT/],
      ['select 1; delete from notes', /Only one statement/],
      ['with d as (delete from notes returning *) select * from d', /Database error/],
    ];
    for (const [query, err] of cases) {
      const r = await callTool(user, 'database_query', { query });
      assert.match(r.result.error ?? '', err, String(query));
    }
    assert.equal((await s.sql('select count(*)::int as n from public.notes')).rows[0].n, 3);
  });

  test('database_write: a user may insert and update own rows only; RLS refuses rows of someone else', async () => {
    const token = await s.userToken(alice);
    const ins = await callTool(token, 'database_write', { table: 'notes', operation: 'insert', data: { owner: alice, body: 'alice three' } });
    assert.equal(ins.result.row_count, 1);
    assert.equal(ins.result.rows[0].body, 'alice three');
    const forged = await callTool(token, 'database_write', { table: 'notes', operation: 'insert', data: { owner: bob, body: 'forged' } });
    assert.match(forged.result.error, /row-level security/);
    const upd = await callTool(token, 'database_write', { table: 'notes', operation: 'update', data: { body: 'hacked' }, where: { body: 'bob one' } });
    assert.equal(upd.result.row_count, 0);
    const own = await callTool(token, 'database_write', { table: 'public.notes', operation: 'update', data: { body: 'alice 1' }, where: { body: 'alice one' } });
    assert.equal(own.result.row_count, 1);
    const noWhere = await callTool(token, 'database_write', { table: 'notes', operation: 'delete' });
    assert.match(noWhere.result.error, /needs a non-empty where/);
    const other = await callTool(undefined, 'database_write', { table: 'secrets', operation: 'delete', where: { id: 1 } });
    assert.match(other.result.error, /secrets is not available/);
    const rows = await s.sql('select owner, body from public.notes order by id');
    assert.deepEqual(rows.rows.map((r) => r.body), ['alice 1', 'alice two', 'bob one', 'alice three']);
    assert.equal((await s.sql('select count(*)::int as n from public.secrets')).rows[0].n, 1);
  });

  test('without a table scope the data tools are not offered', async () => {
    const bare = await s.json('/agents', { method: 'POST', json: { name: 'No scope', model: 'gpt-4o-mini' } });
    await s.json(`/agents/${bare.body.id}/tools`, { method: 'POST', json: { tool_name: 'database_query' } });
    const n = llm.requests.length;
    llm.script(textTurn(['hi']));
    const ev = await readSse(await s.api(`/agents/${bare.body.id}/run/stream`, { method: 'POST', json: { message: 'hi' } }));
    assert.equal(ev.at(-1).event, 'complete');
    assert.equal(llm.requests[n].body.tools, undefined);
  });
});
