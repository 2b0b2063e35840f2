// Agents part 2 over HTTP through the gateway, against a scripted OpenAI-compatible server: agents CRUD,
// KB assignment, sessions, the streamed ReAct run calling the KB search tool (events, usage, persistence),
// loop rules (last step without tools, doom loop), provider errors, and a client disconnect mid-stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startStack, upload, waitExtracted, waitFor, waitIndexed, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { hangTurn, readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';

let s: Stack;
let llm: ScriptedLlm;
before(async () => {
  llm = await startScriptedLlm();
  s = await startStack({ config: { providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0, keepaliveMs: 100 } } });
});
after(async () => { await s?.close(); await llm?.close(); });

const post = (path: string, json: unknown, token?: string) => s.json(path, { method: 'POST', json, token });
const stream = (agentId: string, json: unknown, token?: string) => s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json, token });

const HANDBOOK = `# Company handbook

## Vacation policy
Every employee receives twenty-five days of paid vacation per calendar year. Unused vacation days can be carried over until the end of March.

## Expense reports
Submit expense reports within thirty days of the purchase. Attach the original receipt to every expense report.`;

describe('agents CRUD', () => {
  test('create (201, top-level temperature dropped, default model), list, get, patch, delete, 404s', async () => {
    const c = await post('/agents', { name: 'Helper', system_prompt: 'Be brief.', temperature: 0.9, settings: { temperature: 0.3 } });
    assert.equal(c.status, 201);
    assert.equal(c.body.model, 'gpt-4o-mini');
    assert.deepEqual(c.body.settings, { temperature: 0.3 });
    assert.equal(c.body.temperature, undefined);
    const list = await s.json('/agents');
    assert.ok(list.body.agents.some((a: any) => a.id === c.body.id));
    assert.equal(typeof list.body.total, 'number');
    const p = await s.json(`/agents/${c.body.id}`, { method: 'PATCH', json: { model: 'gpt-4o', settings: { temperature: 0.1 } } });
    assert.equal(p.status, 200);
    assert.equal(p.body.model, 'gpt-4o');
    assert.equal(p.body.system_prompt, 'Be brief.');
    assert.deepEqual(p.body.settings, { temperature: 0.1 });
    assert.equal((await post('/agents', { model: 'gpt-4o' })).status, 400);
    assert.equal((await s.json('/agents/not-a-uuid')).status, 404);
    const d = await s.json(`/agents/${c.body.id}`, { method: 'DELETE' });
    assert.deepEqual(d.body, { message: 'Agent deleted' });
    assert.equal((await s.json(`/agents/${c.body.id}`)).status, 404);
  });

  test('a user token cannot manage agents (service role required)', async () => {
    const r = await s.json('/agents', { token: await s.userToken() });
    assert.equal(r.status, 403);
  });
});

describe('runs', () => {
  let agentId = '';
  let kbId = '';

  test('no key for the provider: 402 provider_key_decrypt_failed before streaming; unknown model: 400', async () => {
    const a = await post('/agents', { name: 'Keyless', model: 'gpt-4o-mini' });
    const r = await stream(a.body.id, { message: 'hi' });
    assert.equal(r.status, 402);
    const body = await r.json();
    assert.equal(body.code, 'provider_key_decrypt_failed');
    assert.equal(body.provider, 'openai');
    assert.match(body.error, /requires BYOK/);
    const u = await post('/agents', { name: 'Odd', model: 'mystery-model-7' });
    const r2 = await stream(u.body.id, { message: 'hi' });
    assert.equal(r2.status, 400);
    assert.equal((await r2.json()).code, 'llm_provider_missing');
    assert.equal(llm.requests.length, 0);
    const count = await s.sql("select count(*)::int as n from ai.agent_runs");
    assert.equal(count.rows[0].n, 0);
  });

  test('end to end: agent + KB -> streamed run calling knowledge_search -> events, usage, persisted run and messages', async () => {
    assert.equal((await post('/ai-provider-keys', { provider: 'openai', api_key: FAKE_KEY })).status, 201);
    const up = await upload(s, { name: 'handbook.md', data: HANDBOOK });
    assert.equal((await waitExtracted(s, up.body.id)).extraction_status, 'extracted');
    const kb = await post('/knowledge-bases', { name: 'Handbook', description: 'HR policies' });
    kbId = kb.body.id;
    await post(`/knowledge-bases/${kbId}/sources`, { source_id: up.body.id });
    assert.deepEqual((await waitIndexed(s, kbId)).map((i: any) => i.index_status), ['indexed']);

    const agent = await post('/agents', { name: 'HR bot', model: 'gpt-4o-mini', system_prompt: 'Answer from the handbook.', settings: { temperature: 0.2 } });
    agentId = agent.body.id;
    const asg = await post(`/agents/${agentId}/knowledge-bases`, { knowledge_base_id: kbId });
    assert.equal(asg.status, 201);
    assert.equal(asg.body.knowledge_base_id, kbId);
    assert.equal((await post(`/agents/${agentId}/knowledge-bases`, { knowledge_base_id: kbId })).status, 409);
    assert.equal((await s.json(`/agents/${agentId}/knowledge-bases`)).body.knowledge_bases.length, 1);

    const owner = randomUUID();
    const sess = await post(`/agents/${agentId}/sessions`, { user_id: owner });
    assert.equal(sess.status, 201);
    assert.match(sess.body.session_id, /^sess_[0-9a-f]{12}$/);
    assert.equal(sess.body.user_id, owner);

    const before = llm.requests.length;
    llm.script(toolTurn([{ name: 'knowledge_search', args: { query: 'paid vacation days per year' } }], [30, 9]), textTurn(['Twenty-five ', 'days.'], [50, 4]));
    const res = await stream(agentId, { message: 'How many vacation days do I get?', session_id: sess.body.session_id });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = await readSse(res);
    assert.deepEqual(events.map((e) => e.event), [
      'start', 'step_started', 'tool_call', 'tool_result', 'step_completed', 'step_started', 'chunk', 'chunk', 'step_completed', 'complete']);
    const [start] = events;
    assert.equal(start.session_id, sess.body.session_id);
    assert.match(start.run_id, /^run_[0-9a-f]{12}$/);
    const call = events.find((e) => e.event === 'tool_call');
    assert.equal(call.tool_name, 'knowledge_search');
    assert.deepEqual(call.arguments, { query: 'paid vacation days per year' });
    const result = events.find((e) => e.event === 'tool_result');
    assert.equal(result.tool_name, 'knowledge_search');
    assert.ok(Array.isArray(result.result) && result.result.length > 0);
    assert.match(result.result[0].text, /twenty-five days of paid vacation/);
    const complete = events.at(-1);
    assert.equal(complete.status, 'completed');
    assert.equal(complete.run_id, start.run_id);
    assert.equal(complete.steps, 2);
    assert.deepEqual(complete.usage, { prompt_tokens: 80, completion_tokens: 13, total_tokens: 93 });

    // what the model was sent: the key, the system prompt, the tool, the temperature; then the KB passage as the tool result
    const [first, second] = llm.requests.slice(before);
    assert.equal(first.auth, `Bearer ${FAKE_KEY}`);
    assert.equal(first.body.model, 'gpt-4o-mini');
    assert.equal(first.body.stream, true);
    assert.equal(first.body.temperature, 0.2);
    assert.deepEqual(first.body.messages[0], { role: 'system', content: 'Answer from the handbook.' });
    assert.deepEqual(first.body.tools.map((t: any) => t.function.name), ['knowledge_search']);
    const toolMsg = second.body.messages.find((m: any) => m.role === 'tool');
    assert.equal(toolMsg.tool_call_id, call.call_id);
    assert.match(toolMsg.content, /twenty-five days of paid vacation/);
    assert.equal(second.body.messages.find((m: any) => m.role === 'assistant').tool_calls[0].function.name, 'knowledge_search');

    const run = await s.json(`/agents/runs/${start.run_id}`);
    assert.equal(run.status, 200);
    assert.equal(run.body.status, 'completed');
    assert.equal(run.body.session_id, sess.body.session_id);
    assert.equal(run.body.content, 'Twenty-five days.');
    assert.equal(run.body.steps, 2);
    assert.deepEqual(run.body.usage, complete.usage);
    assert.equal(run.body.tool_calls.length, 1);
    assert.equal(run.body.tool_calls[0].status, 'success');
    assert.ok(run.body.retrieved_context.length > 0);
    assert.equal(run.body.retrieved_context[0].knowledge_base_id, kbId);
    assert.deepEqual(run.body.input_messages, [{ role: 'user', content: 'How many vacation days do I get?' }]);
    assert.ok(run.body.events.some((e: any) => e.event === 'tool_result'));
    assert.ok(run.body.completed_at);

    const msgs = await s.json(`/sessions/${sess.body.session_id}/messages`);
    assert.equal(msgs.status, 200);
    assert.deepEqual(msgs.body.messages.map((m: any) => [m.role, m.content]), [['user', 'How many vacation days do I get?'], ['assistant', 'Twenty-five days.']]);
    assert.ok(msgs.body.messages[1].retrieved_context.length > 0);
    const runs = await s.json(`/sessions/${sess.body.session_id}/runs`);
    assert.deepEqual(runs.body.runs.map((r: any) => r.run_id), [start.run_id]);
    const rc = await s.json(`/sessions/${sess.body.session_id}/runs/${start.run_id}/retrieved-context`);
    assert.equal(rc.body.retrieved_context.length, run.body.retrieved_context.length);
    const listed = await s.json(`/agents/${agentId}/sessions`);
    assert.ok(listed.body.sessions.some((x: any) => x.session_id === sess.body.session_id));

    // a second run in the same session replays the first exchange as history
    llm.script(textTurn(['Yes.']));
    const again = await readSse(await stream(agentId, { message: 'Until March?', session_id: sess.body.session_id }));
    assert.equal(again.at(-1).event, 'complete');
    const hist = llm.requests.at(-1)!.body.messages.map((m: any) => m.role);
    assert.deepEqual(hist, ['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
  });

  test('no session_id: a new session is created and named in start; a missing message is 400', async () => {
    llm.script(textTurn(['Hello.']));
    const ev = await readSse(await stream(agentId, { message: 'hi' }));
    assert.equal(ev[0].is_new_session, true);
    assert.equal((await s.json(`/sessions/${ev[0].session_id}`)).status, 200);
    assert.equal((await stream(agentId, {})).status, 400);
    assert.equal((await s.json('/sessions/sess_doesnotexist')).status, 404);
    assert.equal((await s.json('/agents/runs/run_doesnotexist')).status, 404);
  });

  test('max steps: tools are withheld on the last step, which must answer in text', async () => {
    const a = await post('/agents', { name: 'Short', model: 'gpt-4o-mini', settings: { max_steps: 2 } });
    await post(`/agents/${a.body.id}/knowledge-bases`, { knowledge_base_id: kbId });
    const before = llm.requests.length;
    llm.script(toolTurn([{ name: 'knowledge_search', args: { query: 'expenses' } }]), textTurn(['Done.']));
    const ev = await readSse(await stream(a.body.id, { message: 'expenses?' }));
    const starts = ev.filter((e) => e.event === 'step_started');
    assert.deepEqual(starts.map((e) => [e.step, e.is_last_step]), [[1, false], [2, true]]);
    const sent = llm.requests.slice(before);
    assert.ok(sent[0].body.tools);
    assert.equal(sent[1].body.tools, undefined);
    assert.equal(ev.at(-1).event, 'complete');
    assert.equal(ev.at(-1).steps, 2);
  });

  test('doom loop: the same call with identical arguments 3 times ends the run as failed', async () => {
    const call = { name: 'knowledge_search', args: { query: 'same' } };
    llm.script(toolTurn([call]), toolTurn([call]), toolTurn([call]), textTurn(['never']));
    const ev = await readSse(await stream(agentId, { message: 'loop' }));
    const err = ev.at(-1);
    assert.equal(err.event, 'error');
    assert.equal(err.code, 'doom_loop');
    assert.equal(ev.filter((e) => e.event === 'tool_result').length, 2);
    const run = await s.json(`/agents/runs/${ev[0].run_id}`);
    assert.equal(run.body.status, 'failed');
    assert.match(run.body.error, /Doom loop/);
    assert.equal(llm.pending(), 1);
    llm.reset();
  });

  test('one step with two tool calls (one unknown): both pairs are emitted, the unknown one as an error result fed back', async () => {
    const before = llm.requests.length;
    llm.script(toolTurn([{ name: 'knowledge_search', args: { query: 'expense receipts' } }, { name: 'no_such_tool', args: {} }]), textTurn(['ok']));
    const ev = await readSse(await stream(agentId, { message: 'two at once' }));
    assert.deepEqual(ev.filter((e) => e.event === 'tool_call').map((e) => e.tool_name), ['knowledge_search', 'no_such_tool']);
    const results = ev.filter((e) => e.event === 'tool_result');
    assert.deepEqual(results.map((e) => [e.tool_name, e.is_error]), [['knowledge_search', false], ['no_such_tool', true]]);
    assert.match(results[1].result.error, /Unknown tool: no_such_tool/);
    const toolMsgs = llm.requests[before + 1].body.messages.filter((m: any) => m.role === 'tool');
    assert.equal(toolMsgs.length, 2);
    assert.match(toolMsgs[1].content, /Unknown tool/);
    const run = await s.json(`/agents/runs/${ev[0].run_id}`);
    assert.deepEqual(run.body.tool_calls.map((c: any) => c.status), ['success', 'error']);
  });

  test('a truncated answer (finish_reason length) is continued and joined', async () => {
    const before = llm.requests.length;
    llm.script(textTurn(['The policy says '], [10, 50], 'length'), textTurn(['twenty-five days.'], [70, 5]));
    const ev = await readSse(await stream(agentId, { message: 'long' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'chunk', 'output_recovery', 'chunk', 'step_completed', 'complete']);
    assert.equal(ev.at(-1).content, 'The policy says twenty-five days.');
    assert.deepEqual(ev.at(-1).usage, { prompt_tokens: 80, completion_tokens: 55, total_tokens: 135 });
    const retry = llm.requests[before + 1].body;
    assert.equal(retry.tools, undefined);
    assert.deepEqual(retry.messages.slice(-2).map((m: any) => m.role), ['assistant', 'user']);
    assert.equal(retry.messages.at(-2).content, 'The policy says ');
  });

  test('a transient provider error (503) is retried within the step', async () => {
    llm.script({ kind: 'error', status: 503, body: { error: { message: 'overloaded' } } }, textTurn(['Recovered.']));
    const ev = await readSse(await stream(agentId, { message: 'retry me' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'step_reset', 'chunk', 'step_completed', 'complete']);
    assert.equal(ev[2].reason, 'model_error');
    assert.equal(ev.at(-1).content, 'Recovered.');
    llm.script({ kind: 'error', status: 400, body: { error: { message: 'bad request', code: 'invalid_request_error' } } });
    const bad = await readSse(await stream(agentId, { message: 'no retry' }));
    assert.deepEqual(bad.map((e) => e.event), ['start', 'step_started', 'error']);
    assert.equal(bad[2].code, 'invalid_request_error');
  });

  test('a provider error fails the run with an error event and a saved failed run', async () => {
    const limited = { kind: 'error' as const, status: 429, body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } } };
    llm.script(limited, limited, limited, limited);
    const ev = await readSse(await stream(agentId, { message: 'hello' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'step_reset', 'step_reset', 'step_reset', 'error']);
    assert.equal(ev[2].reason, 'rate_limit');
    assert.equal(ev[5].code, 'rate_limited');
    assert.match(ev[5].message, /HTTP 429: Rate limit reached/);
    assert.equal(llm.pending(), 0);
    const run = await s.json(`/agents/runs/${ev[0].run_id}`);
    assert.equal(run.body.status, 'failed');
  });

  test('keep-alive comments flow while the model is silent', async () => {
    const n = llm.requests.length;
    llm.script(hangTurn([]));
    const ctl = new AbortController();
    const res = await s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json: { message: 'think long' }, signal: ctl.signal });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    while (!text.includes(': keepalive\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    assert.match(text, /^data: \{"event":"start"/);
    assert.ok(text.includes(': keepalive\n\n'));
    ctl.abort();
    await llm.abortedWait(n);
  });

  test('client disconnect mid-stream aborts the LLM call and saves the partial run', async () => {
    const n = llm.requests.length;
    llm.script(hangTurn(['Partial ', 'answer']));
    const ctl = new AbortController();
    const res = await s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json: { message: 'long answer please' }, signal: ctl.signal });
    let runId = '';
    let chunks = 0;
    await readSse(res, (e) => {
      if (e.event === 'start') runId = e.run_id;
      if (e.event === 'chunk' && ++chunks === 2) return true;
    }).catch(() => {});
    ctl.abort();
    await llm.abortedWait(n);
    const run = await waitFor(async () => {
      const r = await s.json(`/agents/runs/${runId}`);
      return r.body.status !== 'running' ? r.body : null;
    }, 'the partial run to be saved', 10_000);
    assert.equal(run.status, 'cancelled');
    assert.equal(run.content, 'Partial answer');
    assert.match(run.error, /disconnected/);
  });
});

describe('sync run', () => {
  test('POST /agents/{id}/run: one LLM call without tools, persisted; a provider failure is 502 with the failed run saved', async () => {
    const a = await post('/agents', { name: 'Sync', model: 'gpt-4o-mini', system_prompt: 'Short answers.' });
    const kb = await post('/knowledge-bases', { name: 'Sync KB' });
    await post(`/agents/${a.body.id}/knowledge-bases`, { knowledge_base_id: kb.body.id });
    const before = llm.requests.length;
    llm.script(textTurn(['Four', '.'], [12, 2]));
    const r = await post(`/agents/${a.body.id}/run`, { message: '2+2?' });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'completed');
    assert.equal(r.body.content, 'Four.');
    assert.deepEqual(r.body.usage, { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 });
    assert.equal(r.body.is_new_session, true);
    assert.equal(llm.requests.length, before + 1);
    assert.equal(llm.requests.at(-1)!.body.tools, undefined);
    const run = await s.json(`/agents/runs/${r.body.run_id}`);
    assert.equal(run.body.status, 'completed');
    assert.equal(run.body.session_id, r.body.session_id);

    llm.script({ kind: 'error', status: 500, body: { error: { message: 'upstream down' } } });
    const f = await post(`/agents/${a.body.id}/run`, { message: 'again?', session_id: r.body.session_id });
    assert.equal(f.status, 502);
    assert.equal(f.body.code, 'llm_failed');
    assert.match(f.body.error, /HTTP 500: upstream down/);
    assert.equal((await s.json(`/agents/runs/${f.body.run_id}`)).body.status, 'failed');
    const msgs = await s.json(`/sessions/${r.body.session_id}/messages`);
    assert.deepEqual(msgs.body.messages.map((m: any) => m.role), ['user', 'assistant', 'user']);
  });
});

describe('stale runs', () => {
  test('a run left running by a dead process (older than 10 minutes) is failed when the service starts', async () => {
    const a = await post('/agents', { name: 'Stale', model: 'gpt-4o-mini' });
    const sess = await post(`/agents/${a.body.id}/sessions`, {});
    const row = (await s.sql('select id from ai.agent_sessions where session_id = $1', [sess.body.session_id])).rows[0];
    await s.sql(`insert into ai.agent_runs (session_id, run_id, agent_id, status, started_at) values
      ($1, 'run_stale000001', $2, 'running', now() - interval '11 minutes'), ($1, 'run_fresh000001', $2, 'running', now())`, [row.id, a.body.id]);
    await s.restart({ providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0, keepaliveMs: 100 } });
    const stale = await s.json('/agents/runs/run_stale000001');
    assert.equal(stale.body.status, 'failed');
    assert.equal(stale.body.error, 'Run interrupted (pod restart or timeout)');
    assert.equal((await s.json('/agents/runs/run_fresh000001')).body.status, 'running');
  });
});

describe('key matrix (platform.md §4.1)', () => {
  test('a user uses their own sessions and runs; other users get 404; config routes and service-only fields get 403', async () => {
    const agent = await post('/agents', { name: 'Users bot', model: 'gpt-4o-mini' });
    const id = agent.body.id;
    const alice = randomUUID();
    const bob = randomUUID();
    const aliceT = await s.userToken(alice);
    const bobT = await s.userToken(bob);

    // config routes stay service-role only
    assert.equal((await s.json(`/agents/${id}`, { token: aliceT })).status, 403);
    assert.equal((await post(`/agents/${id}/knowledge-bases`, { knowledge_base_id: randomUUID() }, aliceT)).status, 403);
    // the anon key is no end user
    assert.equal((await s.json(`/agents/${id}/sessions`, { token: s.project.anonKey })).status, 403);

    // the backend creates a session for alice; alice continues it with her own token
    const sess = (await post(`/agents/${id}/sessions`, { user_id: alice })).body;
    assert.equal((await post(`/agents/${id}/sessions`, { user_id: bob }, aliceT)).status, 403);
    llm.script(textTurn(['Hi Alice.']));
    const ev = await readSse(await stream(id, { message: 'hello', session_id: sess.session_id }, aliceT));
    assert.equal(ev.at(-1).event, 'complete');
    const runId = ev[0].run_id;
    const sid = sess.session_id;

    const mine = await s.json(`/agents/${id}/sessions`, { token: aliceT });
    assert.deepEqual(mine.body.sessions.map((x: any) => x.session_id), [sid]);
    assert.deepEqual((await s.json(`/agents/${id}/sessions`, { token: bobT })).body.sessions, []);
    for (const path of [`/sessions/${sid}`, `/sessions/${sid}/messages`, `/sessions/${sid}/runs`, `/sessions/${sid}/runs/${runId}/retrieved-context`, `/agents/runs/${runId}`]) {
      assert.equal((await s.json(path, { token: aliceT })).status, 200, path);
      const other = await s.json(path, { token: bobT });
      assert.equal(other.status, 404, path);
    }
    // bob cannot continue alice's session, nor name a new one; forbidden body fields are named
    const cont = await stream(id, { message: 'x', session_id: sid }, bobT);
    assert.equal(cont.status, 404);
    assert.deepEqual(await cont.json(), { error: 'Session not found', code: 'session_not_found' });
    assert.equal((await stream(id, { message: 'x', session_id: 'sess_mine_now' }, bobT)).status, 404);
    const forb = await stream(id, { message: 'x', knowledge_bases: [{ id: randomUUID() }], context_handler_id: randomUUID() }, bobT);
    assert.equal(forb.status, 403);
    assert.deepEqual((await forb.json()).fields, ['knowledge_bases', 'context_handler_id']);

    // a user-created session is theirs; deleting: others 404, owner 204
    const own = await post(`/agents/${id}/sessions`, {}, bobT);
    assert.equal(own.status, 201);
    assert.equal(own.body.user_id, bob);
    assert.equal((await s.json(`/agents/${id}/sessions/${own.body.session_id}`, { method: 'DELETE', token: aliceT })).status, 404);
    assert.equal((await s.api(`/agents/${id}/sessions/${own.body.session_id}`, { method: 'DELETE', token: bobT })).status, 204);
    assert.equal((await s.json(`/sessions/${sid}`, { method: 'DELETE', token: bobT })).status, 404);
    const del = await s.json(`/sessions/${sid}`, { method: 'DELETE', token: aliceT });
    assert.deepEqual(del.body, { success: true, message: 'Session deleted' });
    assert.equal((await s.json(`/agents/runs/${runId}`)).status, 404);
  });
});
