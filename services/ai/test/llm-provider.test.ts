// The OpenAI-compatible LLM provider over real HTTP: SSE frames split anywhere and CRLF line endings,
// tool-call fragments of parallel calls assembled by index, usage, HTTP errors, abort; model id routing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiCompatibleProvider } from '../src/llm/openai-compatible.ts';
import { LlmError } from '../src/llm/provider.ts';
import { providerOf } from '../src/llm/resolve.ts';

let server: http.Server;
let base = '';
let reply: (res: http.ServerResponse) => void = () => {};
const seen: any[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => { seen.push({ body: JSON.parse(raw), auth: req.headers.authorization }); reply(res); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });

const frame = (o: unknown) => `data: ${JSON.stringify(o)}\r\n\r\n`;
const delta = (d: unknown, finish: string | null = null) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });

test('text deltas and two parallel tool calls from frames split at arbitrary bytes, CRLF framing, usage', async () => {
  const body = [
    frame(delta({ role: 'assistant', content: 'Let me ' })),
    frame(delta({ content: 'check.' })),
    frame(delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'knowledge_search', arguments: '{"que' } }] })),
    frame(delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'other', arguments: '{}' } }] })),
    frame(delta({ tool_calls: [{ index: 0, function: { arguments: 'ry":"x"}' } }] })),
    frame(delta({}, 'tool_calls')),
    frame({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10, prompt_tokens_details: { cached_tokens: 2 } } }),
    'data: [DONE]\r\n\r\n',
  ].join('');
  reply = (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const cuts = [5, 37, 38, 90, 200, 201, 333];
    let at = 0;
    for (const c of cuts) { res.write(body.slice(at, c)); at = c; }
    res.end(body.slice(at));
  };
  const llm = createOpenAiCompatibleProvider({ name: 'openai', baseUrl: base, apiKey: 'sk-x' });
  const deltas: string[] = [];
  const out = await llm.complete({
    model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0.5,
    tools: [{ name: 'knowledge_search', description: 'd', parameters: { type: 'object' } }], onText: (d) => deltas.push(d),
  });
  assert.deepEqual(deltas, ['Let me ', 'check.']);
  assert.equal(out.content, 'Let me check.');
  assert.deepEqual(out.toolCalls, [{ id: 'call_a', name: 'knowledge_search', arguments: '{"query":"x"}' }, { id: 'call_b', name: 'other', arguments: '{}' }]);
  assert.equal(out.finishReason, 'tool_calls');
  assert.deepEqual(out.usage, { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10, cached_tokens: 2 });
  const sent = seen.at(-1);
  assert.equal(sent.auth, 'Bearer sk-x');
  assert.equal(sent.body.stream, true);
  assert.deepEqual(sent.body.stream_options, { include_usage: true });
  assert.equal(sent.body.tools[0].type, 'function');
});

test('HTTP errors become LlmError with status and code; an aborted signal stops the call', async () => {
  reply = (res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key', code: 'invalid_api_key' } }));
  const llm = createOpenAiCompatibleProvider({ name: 'openai', baseUrl: base, apiKey: 'sk-bad' });
  await assert.rejects(llm.complete({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) =>
    e instanceof LlmError && e.status === 401 && e.code === 'invalid_api_key' && /Incorrect API key/.test(e.message));
  reply = (res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }); res.write(frame(delta({ content: 'a' }))); };
  const ctl = new AbortController();
  const p = llm.complete({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], signal: ctl.signal, onText: () => ctl.abort() });
  await assert.rejects(p, (e: any) => e.name === 'AbortError');
});

test('model ids route to providers in LiteLLM form', () => {
  assert.deepEqual(providerOf('gpt-4o'), { provider: 'openai', model: 'gpt-4o' });
  assert.deepEqual(providerOf('o4-mini'), { provider: 'openai', model: 'o4-mini' });
  assert.deepEqual(providerOf('claude-sonnet-4-6'), { provider: 'anthropic', model: 'claude-sonnet-4-6' });
  assert.deepEqual(providerOf('gemini/gemini-2.5-flash'), { provider: 'google', model: 'gemini-2.5-flash' });
  assert.deepEqual(providerOf('openrouter/meta-llama/llama-3-70b'), { provider: 'openrouter', model: 'meta-llama/llama-3-70b' });
  assert.equal(providerOf('mystery'), null);
});
