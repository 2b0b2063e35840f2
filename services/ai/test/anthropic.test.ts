// The Anthropic provider end to end: a `claude-…` agent's streamed run through the gateway against a scripted
// Messages API server (extended thinking streamed as reasoning, text, a tool_use call fed back as a
// tool_result with the signed thinking block echoed), the wire shape of each request, usage and
// persistence; transient errors retried; a "prompt is too long" answer handled as a context-length error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './helpers.ts';
import { readSse } from './scripted-llm.ts';
import { anthropicError, anthropicTurn, startScriptedAnthropic, type ScriptedAnthropic } from './scripted-anthropic.ts';

const KEY = 'sk-ant-api03-test0000000000000000000000';
let s: Stack;
let api: ScriptedAnthropic;
let kbId = '';
before(async () => {
  api = await startScriptedAnthropic();
  s = await startStack({ config: { providerBaseUrls: { anthropic: api.url }, agents: { retryBaseMs: 0 } } });
  assert.equal((await post('/ai-provider-keys', { provider: 'anthropic', api_key: KEY })).status, 201);
  kbId = (await post('/knowledge-bases', { name: 'Handbook' })).body.id;
});
after(async () => { await s?.close(); await api?.close(); });

const post = (path: string, json: unknown) => s.json(path, { method: 'POST', json });
const stream = (agentId: string, json: unknown) => s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json });

describe('anthropic provider', () => {
  test('a claude agent: thinking, text and a tool call streamed; tool result and signed thinking sent back; usage and run saved', async () => {
    const agent = (await post('/agents', { name: 'Claude', model: 'claude-sonnet-4-6', system_prompt: 'Answer briefly.', settings: { reasoning_effort: 'medium' } })).body;
    await post(`/agents/${agent.id}/knowledge-bases`, { knowledge_base_id: kbId });
    api.script(
      anthropicTurn([{ thinking: 'I should search the handbook.', signature: 'sig-abc' }, { text: 'Let me look.' },
        { tool: { id: 'toolu_01', name: 'knowledge_search', input: { query: 'vacation days' } } }], [25, 30]),
      anthropicTurn([{ text: 'Twenty-five days a year.' }], [60, 8]));
    const ev = await readSse(await stream(agent.id, { message: 'How many vacation days?', reasoning_requested: true }));
    const names = ev.map((e) => e.event).filter((n) => n !== 'chunk' && n !== 'reasoning');
    assert.deepEqual(names, ['start', 'step_started', 'reasoning_summary', 'tool_call', 'tool_result', 'step_completed', 'step_started', 'step_completed', 'complete']);
    assert.equal(ev.filter((e) => e.event === 'reasoning').map((e) => e.delta).join(''), 'I should search the handbook.');
    assert.equal(ev.find((e) => e.event === 'reasoning_summary').summary, 'I should search the handbook.');
    const call = ev.find((e) => e.event === 'tool_call');
    assert.deepEqual([call.call_id, call.tool_name, call.arguments], ['toolu_01', 'knowledge_search', { query: 'vacation days' }]);
    const complete = ev.at(-1);
    assert.equal(complete.content, 'Twenty-five days a year.');
    assert.deepEqual(complete.usage, { prompt_tokens: 85, completion_tokens: 38, total_tokens: 123, cached_tokens: 0 });

    const [first, second] = api.requests;
    assert.equal(first.path, '/v1/messages');
    assert.equal(first.apiKey, KEY);
    assert.ok(first.version);
    assert.equal(first.body.model, 'claude-sonnet-4-6');
    assert.equal(first.body.stream, true);
    assert.equal(first.body.system, 'Answer briefly.');
    assert.deepEqual(first.body.thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.ok(first.body.max_tokens > 4096);
    assert.equal(first.body.tools[0].name, 'knowledge_search');
    assert.equal(first.body.tools[0].input_schema.type, 'object');
    assert.deepEqual(first.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'How many vacation days?' }] }]);
    assert.deepEqual(second.body.messages.slice(1), [
      { role: 'assistant', content: [
        { type: 'thinking', thinking: 'I should search the handbook.', signature: 'sig-abc' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_01', name: 'knowledge_search', input: { query: 'vacation days' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '[]' }] },
    ]);

    const run = (await s.json(`/agents/runs/${ev[0].run_id}`)).body;
    assert.equal(run.status, 'completed');
    assert.equal(run.model, 'claude-sonnet-4-6');
    assert.deepEqual(run.reasoning_steps, [{ step: 1, content: 'I should search the handbook.', tool_calls: ['knowledge_search'] }]);

    // the session replays through the same provider: history in Anthropic's shape, tool turn included
    api.script(anthropicTurn([{ text: 'Yes.' }]));
    const again = await readSse(await stream(agent.id, { message: 'Sure?', session_id: ev[0].session_id }));
    assert.equal(again.at(-1).event, 'complete');
    assert.deepEqual(api.requests.at(-1)!.body.messages.map((m: any) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
  });

  test('overloaded (529) is retried; "prompt is too long" with nothing to compact fails as context_length_exceeded', async () => {
    const agent = (await post('/agents', { name: 'Claude 2', model: 'claude-haiku-4-5' })).body;
    api.script(anthropicError(529, 'overloaded_error', 'Overloaded'), anthropicTurn([{ text: 'Back.' }]));
    const ok = await readSse(await stream(agent.id, { message: 'hi' }));
    assert.deepEqual(ok.map((e) => e.event), ['start', 'step_started', 'step_reset', 'chunk', 'step_completed', 'complete']);
    assert.equal(ok[2].reason, 'model_error');
    assert.equal(api.requests.at(-1)!.body.thinking, undefined);

    api.script(anthropicError(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'));
    const bad = await readSse(await stream(agent.id, { message: 'x'.repeat(100) }));
    assert.equal(bad.at(-1).event, 'error');
    assert.equal(bad.at(-1).code, 'context_length_exceeded');
    assert.match(bad.at(-1).message, /prompt is too long/);
  });
});
