// Agent hooks over HTTP through the gateway, against the scripted OpenAI-compatible server and a small hook
// server: hook CRUD, HTTP hooks on every documented event (modify input/output, deny, fail-open, timeout),
// rule hooks, and approvals end to end over SSE (approve, reject, who may decide, the run's status while it
// waits, and the timeout from the service config).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startStack, waitFor, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';
import { sseReader, startHookServer, type HookServer } from './hook-server.ts';

const CONFIG = { providerBaseUrls: { openai: '' }, agents: { retryBaseMs: 0, keepaliveMs: 60_000 } };
let s: Stack;
let llm: ScriptedLlm;
let hooks: HookServer;
let kbId = '';

before(async () => {
  llm = await startScriptedLlm();
  hooks = await startHookServer();
  CONFIG.providerBaseUrls.openai = llm.url;
  s = await startStack({ config: CONFIG });
  assert.equal((await post('/ai-provider-keys', { provider: 'openai', api_key: FAKE_KEY })).status, 201);
  kbId = (await post('/knowledge-bases', { name: 'Empty', description: 'nothing yet' })).body.id;
});
after(async () => { await s?.close(); await llm?.close(); await hooks?.close(); });

const post = (path: string, json: unknown, token?: string) => s.json(path, { method: 'POST', json, token });
const stream = (agentId: string, json: unknown, token?: string) => s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json, token });
const search = (query: string) => toolTurn([{ name: 'knowledge_search', args: { query } }]);

async function agentWith(hookDefs: Array<Record<string, unknown>>): Promise<string> {
  const a = await post('/agents', { name: `Hooked ${randomUUID().slice(0, 6)}`, model: 'gpt-4o-mini' });
  assert.equal((await post(`/agents/${a.body.id}/knowledge-bases`, { knowledge_base_id: kbId })).status, 201);
  for (const h of hookDefs) assert.equal((await post(`/agents/${a.body.id}/hooks`, h)).status, 201);
  return a.body.id;
}
const http = (event: string, path: string, extra: Record<string, unknown> = {}) => ({ event, type: 'http', config: { url: `${hooks.url}${path}`, ...extra } });
const callsTo = (path: string) => hooks.calls.filter((c) => c.path === path);

describe('hook CRUD', () => {
  test('create (event, type, config required), list in position order, delete; service role only', async () => {
    const a = (await post('/agents', { name: 'CRUD', model: 'gpt-4o-mini' })).body.id;
    const bad = await post(`/agents/${a}/hooks`, { event: 'PreToolUse' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fields, ['type', 'config']);
    assert.equal((await post(`/agents/${a}/hooks`, { event: 'PreToolUse', type: 'http', config: 'x' })).status, 400);
    const second = await post(`/agents/${a}/hooks`, { event: 'PreToolUse', type: 'approval', config: { message: 'ok?' }, matcher: 'knowledge_search', position: 2 });
    assert.equal(second.status, 201);
    assert.deepEqual(Object.keys(second.body).sort(), ['agent_id', 'config', 'created_at', 'enabled', 'event', 'id', 'matcher', 'position', 'type']);
    assert.equal(second.body.enabled, true);
    const first = await post(`/agents/${a}/hooks`, { event: 'OnRunStart', type: 'http', config: { url: 'http://example.test' }, position: 1 });
    // values outside the documented lists are stored (and never fire), as the docs say
    const odd = await post(`/agents/${a}/hooks`, { event: 'before_run', type: 'webhook', config: {}, position: 3 });
    assert.equal(odd.status, 201);
    const list = await s.json(`/agents/${a}/hooks`);
    assert.deepEqual(list.body.hooks.map((h: any) => h.id), [first.body.id, second.body.id, odd.body.id]);
    assert.equal((await s.json(`/agents/${a}/hooks`, { token: await s.userToken() })).status, 403);
    assert.deepEqual((await s.json(`/agents/${a}/hooks/${second.body.id}`, { method: 'DELETE' })).body, { message: 'Hook deleted' });
    assert.equal((await s.json(`/agents/${a}/hooks/${second.body.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await s.json(`/agents/${randomUUID()}/hooks`)).status, 404);
  });
});

describe('http hooks', () => {
  test('every event is called with the documented body; input, tool output and the answer are replaced', async () => {
    hooks.reply('/pre', { action: 'allow', modified_input: { query: 'rewritten' } });
    hooks.reply('/post', { modified_output: { note: 'replaced by hook' } });
    hooks.reply('/response', { modified_output: 'Final (edited).' });
    const id = await agentWith([
      http('OnRunStart', '/start', { headers: { 'x-hook-secret': 's3cret' } }),
      { ...http('PreToolUse', '/pre'), matcher: 'knowledge_search' },
      { ...http('PreToolUse', '/other-tool'), matcher: 'some_other_tool' },
      http('PostToolUse', '/post'), http('PreResponse', '/response'), http('OnRunComplete', '/complete'),
    ]);
    const n = llm.requests.length;
    llm.script(search('original'), textTurn(['Answer.']));
    const ev = await readSse(await stream(id, { message: 'find it' }));
    assert.equal(ev.at(-1).event, 'complete');
    assert.equal(ev.at(-1).content, 'Final (edited).');

    const [start] = callsTo('/start');
    assert.deepEqual(start.body, { event: 'OnRunStart', tool_name: '', data: { message: 'find it' } });
    assert.equal(start.headers['x-hook-secret'], 's3cret');
    assert.deepEqual(callsTo('/pre')[0].body, { event: 'PreToolUse', tool_name: 'knowledge_search', data: { query: 'original' } });
    assert.equal(callsTo('/other-tool').length, 0);
    assert.deepEqual(callsTo('/post')[0].body, { event: 'PostToolUse', tool_name: 'knowledge_search', data: { query: 'rewritten' }, output: [] });
    assert.deepEqual(callsTo('/response')[0].body, { event: 'PreResponse', tool_name: '', data: {}, output: 'Answer.' });
    const done = await waitFor(async () => callsTo('/complete')[0], 'the OnRunComplete hook');
    assert.equal(done.body.event, 'OnRunComplete');

    // the model saw the replaced tool output; the run kept the rewritten arguments and the edited answer
    const toolMsg = llm.requests[n + 1].body.messages.find((m: any) => m.role === 'tool');
    assert.deepEqual(JSON.parse(toolMsg.content), { note: 'replaced by hook' });
    const results = ev.filter((e) => e.event === 'hook_result');
    assert.deepEqual(results.map((e) => [e.hook_event, e.status, e.modified, e.blocked]), [
      ['OnRunStart', 'succeeded', false, false], ['PreToolUse', 'succeeded', true, false],
      ['PostToolUse', 'succeeded', true, false], ['PreResponse', 'succeeded', true, false]]);
    const run = (await s.json(`/agents/runs/${ev[0].run_id}`)).body;
    assert.deepEqual(run.tool_calls[0].arguments, { query: 'rewritten' });
    assert.equal(run.content, 'Final (edited).');
    assert.equal(run.output_messages.at(-1).content, 'Final (edited).');
  });

  test('a deny on OnRunStart fails the run before any LLM call', async () => {
    hooks.reply('/deny-start', { action: 'deny', message: 'Not during maintenance' });
    const id = await agentWith([http('OnRunStart', '/deny-start')]);
    const n = llm.requests.length;
    const ev = await readSse(await stream(id, { message: 'hello' }));
    assert.deepEqual(ev.map((e) => e.event), ['start', 'hook_result', 'error']);
    assert.equal(ev[2].code, 'hook_blocked');
    assert.equal(ev[2].message, 'Not during maintenance');
    assert.equal(llm.requests.length, n);
    assert.equal((await s.json(`/agents/runs/${ev[0].run_id}`)).body.status, 'failed');
  });

  test('a deny on PreToolUse skips the tool and tells the model; a deny on PreResponse replaces the answer', async () => {
    hooks.reply('/deny-tool', { action: 'deny', message: 'Searching is disabled' });
    hooks.reply('/deny-response', { action: 'deny', message: 'This answer was withheld.' });
    const id = await agentWith([http('PreToolUse', '/deny-tool'), http('PreResponse', '/deny-response')]);
    const n = llm.requests.length;
    llm.script(search('anything'), textTurn(['Secret answer.']));
    const ev = await readSse(await stream(id, { message: 'go' }));
    const result = ev.find((e) => e.event === 'tool_result');
    assert.equal(result.is_error, true);
    assert.equal(result.result.error, 'Searching is disabled');
    assert.match(llm.requests[n + 1].body.messages.find((m: any) => m.role === 'tool').content, /Searching is disabled/);
    assert.equal(ev.at(-1).event, 'complete');
    assert.equal(ev.at(-1).content, 'This answer was withheld.');
  });

  test('fail-open: a 500, an unreachable hook and a timed-out hook all allow', async () => {
    const id = await agentWith([
      http('PreToolUse', '/fail'),
      { event: 'PreToolUse', type: 'http', config: { url: 'http://127.0.0.1:1/nothing-here' } },
      http('PreToolUse', '/hang', { timeout_seconds: 0.2 }),
    ]);
    llm.script(search('open'), textTurn(['Fine.']));
    const ev = await readSse(await stream(id, { message: 'go' }));
    assert.deepEqual(ev.filter((e) => e.event === 'hook_result').map((e) => [e.status, e.blocked]), [['failed', false], ['failed', false], ['timed_out', false]]);
    assert.equal(ev.find((e) => e.event === 'tool_result').is_error, false);
    assert.equal(ev.at(-1).content, 'Fine.');
  });
});

describe('rule hooks', () => {
  test('a matching condition blocks the call with its message; others pass', async () => {
    const id = await agentWith([{ event: 'PreToolUse', type: 'rule', config: { rules: [
      { condition: "query CONTAINS 'salary'", message: 'Salaries are private' },
      { condition: 'query MATCHES ^drop\\s', action: 'deny' },
    ] } }]);
    llm.script(toolTurn([{ name: 'knowledge_search', args: { query: 'salary of Bob' } }, { name: 'knowledge_search', args: { query: 'vacation' } }]), textTurn(['ok']));
    const ev = await readSse(await stream(id, { message: 'go' }));
    const results = ev.filter((e) => e.event === 'tool_result');
    assert.deepEqual(results.map((e) => e.is_error), [true, false]);
    assert.equal(results[0].result.error, 'Salaries are private');
  });
});

describe('approvals', () => {
  let approvalAgent = '';

  test('approve: the run waits (awaiting_approval), POST /approve resumes it and the tool runs', async () => {
    approvalAgent = await agentWith([{ event: 'PreToolUse', type: 'approval', config: { message: 'Allow the search?' }, matcher: 'knowledge_search' }]);
    llm.script(search('handbook'), textTurn(['Searched.']));
    const r = sseReader(await stream(approvalAgent, { message: 'search please' }));
    const start = await r.until('start');
    const asked = await r.until('approval_requested');
    assert.equal(asked.tool_name, 'knowledge_search');
    assert.deepEqual(asked.tool_input, { query: 'handbook' });
    assert.equal(asked.run_id, start.run_id);
    assert.equal(asked.message, 'Allow the search?');
    const waiting = await waitFor(async () => {
      const run = (await s.json(`/agents/runs/${start.run_id}`)).body;
      return run.status === 'awaiting_approval' ? run : null;
    }, 'the run to wait for approval', 10_000);
    assert.equal(waiting.status, 'awaiting_approval');
    assert.equal((await post(`/agents/runs/${start.run_id}/approve`, { approved: 'yes' })).status, 400);
    assert.equal((await post('/agents/runs/run_000000000000/approve', { approved: true })).status, 404);
    // a backend-started run: no end user may decide it
    assert.equal((await post(`/agents/runs/${start.run_id}/approve`, { approved: true }, await s.userToken())).status, 404);
    const ok = await post(`/agents/runs/${start.run_id}/approve`, { approved: true });
    assert.deepEqual([ok.status, ok.body], [200, { status: 'resumed' }]);
    const rest = await r.rest();
    assert.deepEqual(rest.map((e) => e.event), ['hook_result', 'tool_result', 'step_completed', 'step_started', 'chunk', 'step_completed', 'complete']);
    assert.equal(rest[1].is_error, false);
    assert.equal((await s.json(`/agents/runs/${start.run_id}`)).body.status, 'completed');
    assert.equal((await post(`/agents/runs/${start.run_id}/approve`, { approved: true })).status, 404);
  });

  test('reject: the tool is skipped and the model gets the denial; only the starting user (or the service role) decides', async () => {
    const alice = randomUUID();
    const sess = (await post(`/agents/${approvalAgent}/sessions`, { user_id: alice })).body;
    const n = llm.requests.length;
    llm.script(search('payroll'), textTurn(['I could not search.']));
    const r = sseReader(await stream(approvalAgent, { message: 'search payroll', session_id: sess.session_id }, await s.userToken(alice)));
    const start = await r.until('start');
    await r.until('approval_requested');
    assert.equal((await post(`/agents/runs/${start.run_id}/approve`, { approved: true }, await s.userToken())).status, 404);
    const no = await post(`/agents/runs/${start.run_id}/approve`, { approved: false, reason: 'not today' }, await s.userToken(alice));
    assert.deepEqual(no.body, { status: 'resumed' });
    const rest = await r.rest();
    const result = rest.find((e) => e.event === 'tool_result');
    assert.equal(result.is_error, true);
    assert.equal(result.result.error, 'Denied by user: not today');
    assert.match(llm.requests[n + 1].body.messages.find((m: any) => m.role === 'tool').content, /Denied by user: not today/);
    assert.equal(rest.at(-1).event, 'complete');
  });

  test('no decision within the configured timeout: the call is blocked with "Approval timed out" and the run goes on', async () => {
    await s.restart({ ...CONFIG, agents: { ...CONFIG.agents, approvalTimeoutMs: 150 } });
    llm.script(search('late'), textTurn(['Timed out, sorry.']));
    const ev = await readSse(await stream(approvalAgent, { message: 'search late' }));
    assert.ok(ev.some((e) => e.event === 'approval_requested'));
    assert.deepEqual(ev.filter((e) => e.event === 'hook_result').map((e) => [e.status, e.blocked]), [['timed_out', true]]);
    assert.equal(ev.find((e) => e.event === 'tool_result').result.error, 'Approval timed out');
    assert.equal(ev.at(-1).event, 'complete');
    assert.equal((await s.json(`/agents/runs/${ev[0].run_id}`)).body.status, 'completed');
  });
});
