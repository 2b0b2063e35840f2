// A small MCP server for tests, built with @modelcontextprotocol/sdk on a loopback port: streamable HTTP at /mcp
// (stateless: a server and transport per request) and the legacy SSE transport at /sse + /messages. Tools:
// `lookup_city` (read-only, echoes its argument), `explode` (answers isError). Records the headers it received.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

function mcpServer(calls: Array<{ name: string; args: unknown }>): Server {
  const server = new Server({ name: 'test-mcp', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      { name: 'lookup_city', description: 'Population of a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, annotations: { readOnlyHint: true } },
      { name: 'explode', description: 'Always fails', inputSchema: { type: 'object', properties: {} } },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    calls.push({ name: req.params.name, args: req.params.arguments });
    if (req.params.name === 'lookup_city') return { content: [{ type: 'text', text: `${String(req.params.arguments?.city)} has 3,700,000 people` }] };
    return { content: [{ type: 'text', text: 'the reactor is offline' }], isError: true };
  });
  return server;
}

export interface TestMcp { url: string; calls: Array<{ name: string; args: unknown }>; headers: http.IncomingHttpHeaders[]; close(): Promise<void> }

export async function startTestMcp(): Promise<TestMcp> {
  const calls: TestMcp['calls'] = [];
  const headers: TestMcp['headers'] = [];
  const sse = new Map<string, SSEServerTransport>();
  const httpServer = http.createServer(async (req, res) => {
    headers.push(req.headers);
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/mcp') {
      const server = mcpServer(calls);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => { void transport.close(); void server.close(); });
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } else if (path === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      sse.set(transport.sessionId, transport);
      res.on('close', () => sse.delete(transport.sessionId));
      await mcpServer(calls).connect(transport);
    } else if (path === '/messages' && req.method === 'POST') {
      const t = sse.get(new URL(req.url!, 'http://x').searchParams.get('sessionId') ?? '');
      if (!t) res.writeHead(404).end();
      else await t.handlePostMessage(req, res);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    url, calls, headers,
    close: async () => { httpServer.closeAllConnections(); await new Promise<void>((r) => httpServer.close(() => r())); },
  };
}
