// Agent tools over HTTP through the gateway: the /api/tools catalogue and the key matrix, tool assignments with
// config_override validation, a custom HTTP tool called by a scripted model against a small HTTP server (success,
// non-2xx, timeout), builtins needing a key (missing key → tool error; with a key → the API is called), and the
// SSRF guard of custom tools.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';
import { customHttpTool } from '../src/tools/custom-http.ts';
import type { AiContext } from '../src/context.ts';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

/** A loopback HTTP server: /echo answers the request as JSON, /fail answers 500, /hang never answers, /exa/search fakes Exa. */
async function startTarget() {
  const seen: Seen[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/echo')) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body ? JSON.parse(body) : null, url: req.url }));
      else if (req.url === '/fail') res.writeHead(500, { 'content-type': 'text/plain' }).end('backend exploded');
      else if (req.url === '/exa/search') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [{ title: 'Powabase', url: 'https://example.com' }] }));
      else hanging.add(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, seen,
    close: async () => { for (const r of hanging) r.destroy(); server.closeAllConnections(); await new Promise<void>((r) => server.close(() => r())); },
  };
}

let s: Stack;
let llm: ScriptedLlm;
let target: Awaited<ReturnType<typeof startTarget>>;
before(async () => {
  llm = await startScriptedLlm();
  target = await startTarget();
  s = await startStack({ config: { providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0 }, tools: { exaBaseUrl: `${target.url}/exa` } } });
  assert.equal((await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } })).status, 201);
});
after(async () => { await s?.close(); await llm?.close(); await target?.close(); });

const post = (path: string, json: unknown, token?: string) => s.json(path, { method: 'POST', json, token });
const stream = async (agentId: string, message: string) => readSse(await s.api(`/agents/${agentId}/run/stream`, { method: 'POST', json: { message } }));
/** The tool messages the model received in the request after the tool step. */
const toolMessages = (n: number) => llm.requests[n].body.messages.filter((m: any) => m.role === 'tool');

describe('catalogue', () => {
  test('lists the eight builtins; custom tool create (201), get, partial update, delete, validation', async () => {
    const list = await s.json('/tools');
    assert.equal(list.status, 200);
    const builtins = list.body.tools.filter((t: any) => t.type === 'builtin');
    assert.deepEqual(builtins.map((t: any) => t.name).sort(),
      ['code_execute', 'database_query', 'database_write', 'http_request', 'storage_read', 'storage_write', 'web_scrape', 'web_search']);
    assert.ok(builtins.every((t: any) => t.id === null && t.input_schema.type === 'object'));
    assert.equal((await s.json('/tools/web_search')).body.name, 'web_search');

    const bad = await post('/tools', { name: 'x' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fields, ['description', 'input_schema']);
    assert.equal((await post('/tools', { name: 'x', description: 'd', input_schema: { type: 'string' } })).status, 400);
    assert.equal((await post('/tools', { name: 'x', description: 'd', input_schema: {}, endpoint_url: 'ftp://x' })).status, 400);

    const c = await post('/tools', {
      name: 'weather', description: 'Current weather', endpoint_url: 'https://api.example.com/weather', method: 'POST',
      headers: { 'x-key': 'k' }, input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    assert.equal(c.status, 201);
    assert.equal(c.body.type, 'http');
    assert.deepEqual(c.body.config, { endpoint: 'https://api.example.com/weather', method: 'POST', headers: { 'x-key': 'k' } });
    const got = await s.json(`/tools/${c.body.id}`);
    assert.equal(got.body.name, 'weather');
    const upd = await s.json(`/tools/${c.body.id}`, { method: 'PUT', json: { description: 'Weather now', type: 'other' } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.description, 'Weather now');
    assert.equal(upd.body.type, 'http');
    assert.equal(upd.body.config.endpoint, 'https://api.example.com/weather');
    assert.ok((await s.json('/tools')).body.tools.some((t: any) => t.id === c.body.id));
    assert.deepEqual((await s.json(`/tools/${c.body.id}`, { method: 'DELETE' })).body, { message: 'Tool deleted' });
    assert.equal((await s.json(`/tools/${c.body.id}`)).status, 404);
    assert.equal((await s.json('/tools/not-a-uuid')).status, 404);
  });

  test('key matrix: a user token and the anon key get 403 on the catalogue, assignments and MCP servers', async () => {
    const agent = await post('/agents', { name: 'Matrix' });
    const user = await s.userToken();
    for (const [method, path] of [['GET', '/tools'], ['POST', '/tools'], ['GET', `/agents/${agent.body.id}/tools`], ['POST', `/agents/${agent.body.id}/tools`],
      ['GET', `/agents/${agent.body.id}/mcp-servers`], ['POST', `/agents/${agent.body.id}/mcp-servers`]]) {
      for (const token of [user, null]) {
        const r = await s.json(path, { method, token, json: method === 'POST' ? {} : undefined });
        assert.equal(r.status, 403, `${method} ${path} with ${token === null ? 'the anon key' : 'a user token'}`);
        assert.equal(r.body.error, "This endpoint requires the project's service role key");
      }
    }
  });
});

describe('assignments', () => {
  test('builtin by tool_name, custom by tool_id; config_override validated; PATCH only config_override; delete', async () => {
    const agent = await post('/agents', { name: 'Assigner' });
    const id = agent.body.id;
    const a = await post(`/agents/${id}/tools`, { tool_name: 'database_query', config_override: { schemas: { public: ['notes'] } } });
    assert.equal(a.status, 201);
    assert.equal(a.body.tool_type, 'builtin');
    assert.equal((await post(`/agents/${id}/tools`, { tool_type: 'builtin', tool_name: 'database_query' })).status, 409);
    assert.equal((await post(`/agents/${id}/tools`, { tool_type: 'builtin', tool_name: 'rm_rf' })).status, 400);
    assert.equal((await post(`/agents/${id}/tools`, {})).status, 400);
    for (const schemas of [{ auth: ['users'] }, { ai: ['agents'] }, { pg_catalog: ['pg_class'] }, { 'bad-name': ['t'] }, { public: ['ok', 'no;pe'] }, { public: 'notes' }]) {
      const r = await s.json(`/agents/${id}/tools/${a.body.id}`, { method: 'PATCH', json: { config_override: { schemas } } });
      assert.equal(r.status, 400, JSON.stringify(schemas));
    }
    const noop = await s.json(`/agents/${id}/tools/${a.body.id}`, { method: 'PATCH', json: { config: { schemas: { public: ['x'] } } } });
    assert.equal(noop.status, 200);
    assert.deepEqual(noop.body.config_override, { schemas: { public: ['notes'] } });
    const p = await s.json(`/agents/${id}/tools/${a.body.id}`, { method: 'PATCH', json: { config_override: { schemas: { public: ['notes', 'todos'] } } } });
    assert.deepEqual(p.body.config_override, { schemas: { public: ['notes', 'todos'] } });

    const tool = await post('/tools', { name: 'echo', description: 'Echo', input_schema: { type: 'object', properties: {} }, config: { endpoint: `${target.url}/echo` } });
    const c = await post(`/agents/${id}/tools`, { tool_type: 'custom', tool_id: tool.body.id });
    assert.equal(c.status, 201);
    assert.equal(c.body.tool_name, 'echo');
    assert.equal((await post(`/agents/${id}/tools`, { tool_type: 'custom', tool_id: '00000000-0000-0000-0000-000000000000' })).status, 404);
    const list = await s.json(`/agents/${id}/tools`);
    assert.deepEqual(list.body.tools.map((t: any) => [t.tool_type, t.tool_name]), [['builtin', 'database_query'], ['custom', 'echo']]);
    assert.equal((await s.json(`/agents/${id}/tools/${c.body.id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await s.json(`/agents/${id}/tools/${c.body.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await s.json(`/agents/${id}/tools`)).body.total, 1);
  });
});

describe('custom HTTP tools in a run', () => {
  test('called with the model arguments and the configured headers; non-2xx and a timeout become tool errors', async () => {
    const echo = await post('/tools', {
      name: 'lookup_order', description: 'Look up an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } } },
      config: { endpoint: `${target.url}/echo`, method: 'POST', headers: { 'x-api-key': 'secret-1' } },
    });
    const fail = await post('/tools', { name: 'flaky', description: 'Fails', input_schema: { type: 'object', properties: {} }, config: { endpoint: `${target.url}/fail` } });
    const slow = await post('/tools', { name: 'slow', description: 'Hangs', input_schema: { type: 'object', properties: {} }, config: { endpoint: `${target.url}/hang`, timeout_seconds: 0.3 } });
    const agent = await post('/agents', { name: 'Orders', model: 'gpt-4o-mini' });
    for (const t of [echo, fail, slow]) assert.equal((await post(`/agents/${agent.body.id}/tools`, { tool_id: t.body.id })).status, 201);

    const n = llm.requests.length;
    llm.script(toolTurn([{ name: 'lookup_order', args: { order_id: 'A-17' } }, { name: 'flaky', args: {} }, { name: 'slow', args: {} }]), textTurn(['Done.']));
    const ev = await stream(agent.body.id, 'Where is order A-17?');
    assert.equal(ev.at(-1).event, 'complete');
    assert.deepEqual(llm.requests[n].body.tools.map((t: any) => t.function.name), ['lookup_order', 'flaky', 'slow']);
    const call = target.seen.find((x) => x.url === '/echo')!;
    assert.equal(call.method, 'POST');
    assert.equal(call.headers['x-api-key'], 'secret-1');
    assert.deepEqual(JSON.parse(call.body), { order_id: 'A-17' });
    const [ok, bad, late] = toolMessages(n + 1);
    assert.deepEqual(JSON.parse(ok.content).got, { order_id: 'A-17' });
    assert.match(JSON.parse(bad.content).error, /HTTP 500: backend exploded/);
    assert.match(JSON.parse(late.content).error, /slow timed out after 300 ms/);
    const results = ev.filter((e) => e.event === 'tool_result');
    assert.deepEqual(results.map((e) => e.is_error), [false, true, true]);
    const run = await s.json(`/agents/runs/${ev[0].run_id}`);
    assert.deepEqual(run.body.tool_calls.map((c: any) => c.status), ['success', 'error', 'error']);
  });

  test('SSRF guard: with private addresses blocked, a loopback endpoint is refused before any request', async () => {
    const ctx = { config: { urlImport: { blockPrivateAddresses: true } } } as unknown as AiContext;
    const before = target.seen.length;
    const tool = customHttpTool(ctx, { id: 'x', name: 'inner', description: 'd', type: 'http', input_schema: { type: 'object' }, config: { endpoint: `${target.url}/echo` }, created_at: new Date(), updated_at: new Date() });
    await assert.rejects(tool.run({}, new AbortController().signal), /private or local address/);
    assert.equal(target.seen.length, before);
  });
});

describe('builtins needing a key', () => {
  test('web_search and web_scrape without keys answer the model a clear error; with EXA_API_KEY the search is made', async () => {
    const agent = await post('/agents', { name: 'Searcher', model: 'gpt-4o-mini' });
    await post(`/agents/${agent.body.id}/tools`, { tool_name: 'web_search' });
    await post(`/agents/${agent.body.id}/tools`, { tool_name: 'web_scrape' });
    await post(`/agents/${agent.body.id}/tools`, { tool_name: 'code_execute' });
    const n = llm.requests.length;
    llm.script(toolTurn([{ name: 'web_search', args: { query: 'powabase' } }, { name: 'web_scrape', args: { url: 'https://example.com' } },
      { name: 'code_execute', args: { language: 'python', code: 'print(1)' } }]), textTurn(['No keys.']));
    const ev = await stream(agent.body.id, 'search');
    assert.equal(ev.at(-1).event, 'complete');
    const [search, scrape, code] = toolMessages(n + 1).map((m: any) => JSON.parse(m.content).error);
    assert.equal(search, 'Exa API key not configured. Set it in Settings > Tools.');
    assert.equal(scrape, 'Firecrawl API key not configured. Set it in Settings > Tools.');
    assert.equal(code, 'Code sandbox is not configured');
    assert.ok(!target.seen.some((x) => x.url.startsWith('/exa')));

    assert.equal((await s.json('/settings', { method: 'PUT', json: { settings: { EXA_API_KEY: 'exa-test-key' } } })).status, 200);
    const m = llm.requests.length;
    llm.script(toolTurn([{ name: 'web_search', args: { query: 'powabase', num_results: 3 } }]), textTurn(['Found.']));
    await stream(agent.body.id, 'search again');
    const sent = target.seen.find((x) => x.url === '/exa/search')!;
    assert.equal(sent.headers['x-api-key'], 'exa-test-key');
    assert.deepEqual(JSON.parse(sent.body), { query: 'powabase', numResults: 3, type: 'auto', contents: { highlights: true } });
    assert.equal(JSON.parse(toolMessages(m + 1)[0].content).results[0].title, 'Powabase');
  });
});
