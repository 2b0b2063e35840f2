// MCP servers of an agent, through the gateway with a scripted model and an MCP server built with the SDK in the
// test: CRUD (201, 409 on a duplicate name, partial PUT, delete), live discovery (502 when down), tools offered
// as mcp__{server}__{tool} and called round-trip over streamable HTTP and SSE (headers sent, isError → tool
// error), and a server that is down leaves the run going without its tools.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';
import { startTestMcp, type TestMcp } from './mcp-server.ts';

let s: Stack;
let llm: ScriptedLlm;
let mcp: TestMcp;
let deadUrl = '';
before(async () => {
  llm = await startScriptedLlm();
  mcp = await startTestMcp();
  // a port that was open and is now closed: connections are refused
  const tmp = http.createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(tmp.address() as AddressInfo).port}/mcp`;
  await new Promise<void>((r) => tmp.close(() => r()));
  s = await startStack({ config: { providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0 } } });
  assert.equal((await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } })).status, 201);
});
after(async () => { await s?.close(); await llm?.close(); await mcp?.close(); });

const post = (path: string, json: unknown) => s.json(path, { method: 'POST', json });

describe('MCP servers', () => {
  test('CRUD: create 201 with defaults, duplicate name 409, partial PUT, list, delete, validation', async () => {
    const agent = await post('/agents', { name: 'MCP crud' });
    const base = `/agents/${agent.body.id}/mcp-servers`;
    const c = await post(base, { name: 'maps', url: `${mcp.url}/mcp`, headers: { authorization: 'Bearer t0k' } });
    assert.equal(c.status, 201);
    assert.equal(c.body.agent_id, agent.body.id);
    assert.equal(c.body.transport, 'http');
    assert.equal(c.body.enabled, true);
    assert.deepEqual(c.body.config, {});
    assert.deepEqual(c.body.headers, { authorization: 'Bearer t0k' });
    assert.equal((await post(base, { name: 'maps', url: `${mcp.url}/mcp` })).status, 409);
    assert.equal((await post(base, { name: 'nourl' })).status, 400);
    assert.equal((await post(base, { name: 'x', url: `${mcp.url}/mcp`, transport: 'stdio' })).status, 400);
    const p = await s.json(`${base}/${c.body.id}`, { method: 'PUT', json: { enabled: false } });
    assert.equal(p.status, 200);
    assert.equal(p.body.enabled, false);
    assert.equal(p.body.url, `${mcp.url}/mcp`);
    const list = await s.json(base);
    assert.deepEqual(list.body.mcp_servers.map((x: any) => x.name), ['maps']);
    assert.deepEqual((await s.json(`${base}/${c.body.id}`, { method: 'DELETE' })).body, { message: 'MCP server deleted' });
    assert.equal((await s.json(`${base}/${c.body.id}`, { method: 'DELETE' })).status, 404);
  });

  test('discovery route lists the server tools; a server that is down answers 502', async () => {
    const agent = await post('/agents', { name: 'MCP discovery' });
    const up = await post(`/agents/${agent.body.id}/mcp-servers`, { name: 'maps', url: `${mcp.url}/mcp` });
    const tools = await s.json(`/agents/${agent.body.id}/mcp-servers/${up.body.id}/tools`);
    assert.equal(tools.status, 200);
    assert.deepEqual(tools.body.tools.map((t: any) => t.name), ['lookup_city', 'explode']);
    assert.equal(tools.body.tools[0].input_schema.properties.city.type, 'string');
    const down = await post(`/agents/${agent.body.id}/mcp-servers`, { name: 'down', url: deadUrl });
    const r = await s.json(`/agents/${agent.body.id}/mcp-servers/${down.body.id}/tools`);
    assert.equal(r.status, 502);
    assert.equal(r.body.code, 'mcp_failed');
  });

  for (const transport of ['http', 'sse'] as const) {
    test(`a run calls MCP tools round-trip over ${transport}; isError is a tool error; a down server is skipped`, async () => {
      const agent = await post('/agents', { name: `MCP run ${transport}`, model: 'gpt-4o-mini' });
      const url = transport === 'http' ? `${mcp.url}/mcp` : `${mcp.url}/sse`;
      assert.equal((await post(`/agents/${agent.body.id}/mcp-servers`, { name: 'maps', url, transport, headers: { 'x-mcp-key': `k-${transport}` } })).status, 201);
      assert.equal((await post(`/agents/${agent.body.id}/mcp-servers`, { name: 'down', url: deadUrl })).status, 201);
      const disabled = await post(`/agents/${agent.body.id}/mcp-servers`, { name: 'off', url, enabled: false });
      assert.equal(disabled.body.enabled, false);
      const n = llm.requests.length;
      const callsBefore = mcp.calls.length;
      llm.script(toolTurn([{ name: 'mcp__maps__lookup_city', args: { city: 'Berlin' } }, { name: 'mcp__maps__explode', args: {} }]), textTurn(['Berlin is big.']));
      const ev = await readSse(await s.api(`/agents/${agent.body.id}/run/stream`, { method: 'POST', json: { message: 'How big is Berlin?' } }));
      assert.equal(ev.at(-1).event, 'complete');
      assert.equal(ev.at(-1).content, 'Berlin is big.');
      assert.deepEqual(llm.requests[n].body.tools.map((t: any) => t.function.name), ['mcp__maps__lookup_city', 'mcp__maps__explode']);
      assert.deepEqual(mcp.calls.slice(callsBefore), [{ name: 'lookup_city', args: { city: 'Berlin' } }, { name: 'explode', args: {} }]);
      const [ok, bad] = llm.requests[n + 1].body.messages.filter((m: any) => m.role === 'tool');
      assert.equal(ok.content, 'Berlin has 3,700,000 people');
      assert.equal(JSON.parse(bad.content).error, 'the reactor is offline');
      assert.deepEqual(ev.filter((e) => e.event === 'tool_result').map((e) => e.is_error), [false, true]);
      assert.ok(mcp.headers.some((h) => h['x-mcp-key'] === `k-${transport}`));
    });
  }
});
