// Loop features over HTTP through the gateway, against the scripted OpenAI-compatible server: reasoning
// (`reasoning` deltas and `reasoning_summary` when requested, reasoning_steps always persisted), context
// compaction after a prompt-too-long answer (prune old tool results, then summarise with the compaction
// model, then retry; giving up as context_length_exceeded), proactive compaction against
// settings.context_window, and the periodic stale-run sweeper.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startStack, waitFor, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { contextLengthTurn, readSse, reasoningTurn, startScriptedLlm, textTurn, type ScriptedLlm } from './scripted-llm.ts';
import { PRUNED } from '../src/llm/compaction.ts';

let s: Stack;
let llm: ScriptedLlm;
let kbId = '';
before(async () => {
  llm = await startScriptedLlm();
  s = await startStack({ config: { providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0, staleRunSweepMs: 50 } } });
  assert.equal((await post('/ai-provider-keys', { provider: 'openai', api_key: FAKE_KEY })).status, 201);
  kbId = (await post('/knowledge-bases', { name: 'Docs' })).body.id;
});
after(async () => { await s?.close(); await llm?.close(); });

const post = (path: string, json: unknown, token?: string) => s.json(path, { method: 'POST', json, token });
const stream = (agentId: string, json: unknown) => s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json });

async function agent(settings: Record<string, unknown> = {}, withKb = false): Promise<string> {
  const a = await post('/agents', { name: 'Loop', model: 'gpt-4o-mini', system_prompt: 'Be helpful.', settings });
  if (withKb) await post(`/agents/${a.body.id}/knowledge-bases`, { knowledge_base_id: kbId });
  return a.body.id;
}

describe('reasoning', () => {
  test('reasoning_requested: reasoning deltas and a summary per step are streamed; the effort is sent; reasoning_steps persisted', async () => {
    const id = await agent({ reasoning_effort: 'low' });
    const n = llm.requests.length;
    llm.script(reasoningTurn(['Let me ', 'think.'], ['Forty-two.']));
    const ev = await readSse(await stream(id, { message: 'meaning?', reasoning_requested: true }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'reasoning', 'reasoning', 'chunk', 'reasoning_summary', 'step_completed', 'complete']);
    assert.equal(ev[0].reasoning_requested, true);
    assert.deepEqual(ev.filter((e) => e.event === 'reasoning').map((e) => [e.step, e.delta]), [[1, 'Let me '], [1, 'think.']]);
    assert.deepEqual(ev[5], { event: 'reasoning_summary', step: 1, summary: 'Let me think.' });
    assert.equal(llm.requests[n].body.reasoning_effort, 'low');
    const run = (await s.json(`/agents/runs/${ev[0].run_id}`)).body;
    assert.deepEqual(run.reasoning_steps, [{ step: 1, content: 'Let me think.' }]);
    assert.ok(run.events.some((e: any) => e.event === 'reasoning_summary'));
    assert.ok(!run.events.some((e: any) => e.event === 'reasoning'));
  });

  test('not requested: no reasoning events (the `reasoning` delta field too), still persisted; a non-boolean flag is 400', async () => {
    const id = await agent();
    const n = llm.requests.length;
    llm.script(reasoningTurn(['Quietly.'], ['Done.'], 'reasoning'));
    const ev = await readSse(await stream(id, { message: 'go' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'chunk', 'step_completed', 'complete']);
    assert.equal(ev[0].reasoning_requested, false);
    assert.equal(llm.requests[n].body.reasoning_effort, undefined);
    assert.deepEqual((await s.json(`/agents/runs/${ev[0].run_id}`)).body.reasoning_steps, [{ step: 1, content: 'Quietly.' }]);
    assert.equal((await stream(id, { message: 'go', reasoning_requested: 'yes' })).status, 400);
  });
});

/** A session with 4 completed exchanges; the first one called knowledge_search and got a long result. */
async function seededSession(agentId: string): Promise<string> {
  const sess = (await post(`/agents/${agentId}/sessions`, {})).body;
  const row = (await s.sql('select id from ai.agent_sessions where session_id = $1', [sess.session_id])).rows[0].id;
  const turns = [
    [{ role: 'user', content: 'first question about the handbook' }], [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_old', name: 'knowledge_search', arguments: '{"query":"handbook"}' }] },
      { role: 'tool', tool_call_id: 'call_old', name: 'knowledge_search', content: 'LONG RESULT '.repeat(200) },
      { role: 'assistant', content: 'first answer' }],
  ];
  const runs: unknown[][] = [turns[0], turns[1]];
  for (const k of [2, 3, 4]) runs.push([{ role: 'user', content: `question ${k}` }], [{ role: 'assistant', content: `answer ${k}` }]);
  for (let i = 0; i < runs.length; i += 2) {
    await s.sql(`insert into ai.agent_runs (session_id, run_id, agent_id, status, input_messages, output_messages, content, started_at, created_at)
      values ($1, $2, $3, 'completed', $4, $5, 'x', now(), now() + make_interval(secs => $6))`,
    [row, `run_${randomBytes(6).toString('hex')}`, agentId, JSON.stringify(runs[i]), JSON.stringify(runs[i + 1]), i - 100]);
  }
  return sess.session_id;
}

describe('compaction', () => {
  test('prompt_too_long: old tool results are pruned, then older turns summarised by the compaction model, then the call succeeds', async () => {
    const id = await agent({}, true);
    const sid = await seededSession(id);
    const n = llm.requests.length;
    llm.script(contextLengthTurn(), contextLengthTurn(), textTurn(['The user asked about the handbook and got answers.']), textTurn(['Done.']));
    const ev = await readSse(await stream(id, { message: 'question 5', session_id: sid }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'step_reset', 'reactive_compact', 'step_reset', 'reactive_compact', 'chunk', 'step_completed', 'complete']);
    assert.equal(ev[2].reason, 'prompt_too_long');
    assert.deepEqual([ev[3].stage, ev[3].succeeded, ev[3].attempt], ['prune', true, 1]);
    assert.ok(ev[3].tokens_after < ev[3].tokens_before);
    assert.deepEqual([ev[5].stage, ev[5].succeeded, ev[5].attempt], ['summarize', true, 2]);
    assert.equal(ev.at(-1).content, 'Done.');

    const [first, pruned, summary, last] = llm.requests.slice(n).map((r) => r.body);
    assert.match(first.messages.find((m: any) => m.role === 'tool').content, /LONG RESULT/);
    assert.equal(pruned.messages.find((m: any) => m.role === 'tool').content, PRUNED);
    assert.equal(summary.model, 'gpt-5-mini', 'the DEFAULT_COMPACTION_MODEL setting');
    assert.equal(summary.tools, undefined);
    assert.match(summary.messages[1].content, /first question about the handbook/);
    assert.deepEqual(last.messages.map((m: any) => m.role), ['system', 'system', 'user', 'assistant', 'user', 'assistant', 'user']);
    assert.match(last.messages[1].content, /The user asked about the handbook/);
    assert.deepEqual(last.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content), ['question 3', 'question 4', 'question 5']);
    // the stored conversation is whole: compaction only shapes what the model is sent
    const run = (await s.json(`/agents/runs/${ev[0].run_id}`)).body;
    assert.equal(run.status, 'completed');
  });

  test('nothing left to compact: the run fails with context_length_exceeded', async () => {
    const id = await agent();
    const n = llm.requests.length;
    llm.script(contextLengthTurn());
    const ev = await readSse(await stream(id, { message: 'a very long prompt' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'step_reset', 'reactive_compact', 'error']);
    assert.equal(ev[3].succeeded, false);
    assert.equal(ev[4].code, 'context_length_exceeded');
    assert.equal(llm.requests.length, n + 1);
    assert.equal((await s.json(`/agents/runs/${ev[0].run_id}`)).body.status, 'failed');
  });

  test('proactive: a prompt estimated over settings.context_window (minus COMPACTION_BUFFER) is pruned before the call', async () => {
    const id = await agent({ context_window: 4150 }, true);
    const sid = await seededSession(id);
    const n = llm.requests.length;
    llm.script(textTurn(['Fits now.']));
    const ev = await readSse(await stream(id, { message: 'question 5', session_id: sid }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'step_started', 'proactive_compact', 'chunk', 'step_completed', 'complete']);
    assert.equal(ev[2].stage, 'prune');
    assert.equal(llm.requests[n].body.messages.find((m: any) => m.role === 'tool').content, PRUNED);
  });
});

describe('stale-run sweeper', () => {
  test('runs left running by a dead process are failed periodically, without a restart; fresh ones are left alone', async () => {
    const id = await agent();
    const sess = (await post(`/agents/${id}/sessions`, {})).body;
    const row = (await s.sql('select id from ai.agent_sessions where session_id = $1', [sess.session_id])).rows[0].id;
    await s.sql(`insert into ai.agent_runs (session_id, run_id, agent_id, status, started_at) values
      ($1, 'run_sweep0stale1', $2, 'running', now() - interval '11 minutes'),
      ($1, 'run_sweep0stale2', $2, 'awaiting_approval', now() - interval '20 minutes'),
      ($1, 'run_sweep0fresh1', $2, 'running', now())`, [row, id]);
    for (const runId of ['run_sweep0stale1', 'run_sweep0stale2']) {
      const run = await waitFor(async () => {
        const r = (await s.json(`/agents/runs/${runId}`)).body;
        return r.status === 'failed' ? r : null;
      }, `the sweeper to fail ${runId}`, 10_000);
      assert.equal(run.error, 'Run interrupted (pod restart or timeout)');
    }
    assert.equal((await s.json('/agents/runs/run_sweep0fresh1')).body.status, 'running');
  });
});
