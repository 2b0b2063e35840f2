// MCP client over @modelcontextprotocol/sdk: each discovery and each call opens its own short connection
// (streamable HTTP, or the legacy SSE transport), so nothing outlives a request and a run never has to close
// anything. Tool names are `mcp__{server}__{tool}`; `readOnlyHint` makes a tool read-only (parallel).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AiContext } from '../../context.ts';
import { checkUrl } from '../../sources/fetch-url.ts';
import { toolName } from '../custom-http.ts';
import { isObject, ToolError, type AgentTool } from '../types.ts';
import type { McpServerRow } from './servers.ts';

export interface McpToolInfo { name: string; description?: string; inputSchema: Record<string, unknown>; annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean } }

async function withClient<T>(ctx: AiContext, s: McpServerRow, timeoutMs: number, signal: AbortSignal | undefined, fn: (c: Client, o: { signal: AbortSignal; timeout: number }) => Promise<T>): Promise<T> {
  await checkUrl(ctx, s.url);
  const url = new URL(s.url);
  const requestInit: RequestInit = { headers: { ...(s.headers ?? {}) } };
  const transport: Transport = s.transport === 'sse' ? new SSEClientTransport(url, { requestInit }) : new StreamableHTTPClientTransport(url, { requestInit });
  const client = new Client({ name: 'powabase-agent', version: '0.1.0' });
  const sig = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    await client.connect(transport, { signal: sig, timeout: timeoutMs });
    return await fn(client, { signal: sig, timeout: timeoutMs });
  } finally {
    await client.close().catch(() => {});
  }
}

export async function discoverTools(ctx: AiContext, s: McpServerRow, timeoutMs: number): Promise<McpToolInfo[]> {
  return withClient(ctx, s, timeoutMs, undefined, async (c, o) => {
    const out: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.listTools(cursor ? { cursor } : undefined, o);
      out.push(...page.tools as McpToolInfo[]);
      cursor = page.nextCursor;
    } while (cursor && out.length < 1000);
    return out;
  });
}

/** The text of a tools/call result; an `isError` result is a ToolError with that text. */
function resultOf(r: Record<string, unknown>): unknown {
  const content = Array.isArray(r.content) ? r.content as Array<Record<string, unknown>> : [];
  const texts = content.filter((x) => x.type === 'text').map((x) => String(x.text));
  const value = texts.length === content.length && texts.length ? texts.join('\n') : r.structuredContent ?? content;
  if (r.isError) throw new ToolError(typeof value === 'string' ? value : JSON.stringify(value));
  return value;
}

export function mcpAgentTool(ctx: AiContext, s: McpServerRow, t: McpToolInfo, timeoutMs: number): AgentTool {
  return {
    readOnly: t.annotations?.readOnlyHint === true,
    capResult: true,
    spec: {
      name: toolName(`mcp__${s.name}__${t.name}`),
      description: t.description ?? `${t.name} (MCP server ${s.name})`,
      parameters: isObject(t.inputSchema) ? t.inputSchema : { type: 'object', properties: {} },
    },
    async run(args, signal) {
      try {
        return { result: await withClient(ctx, s, timeoutMs, signal, async (c, o) => resultOf(await c.callTool({ name: t.name, arguments: args }, undefined, o) as Record<string, unknown>)) };
      } catch (e) {
        if (e instanceof ToolError || signal.aborted) throw e;
        throw new ToolError(`MCP server ${s.name} failed: ${(e as Error).message}`);
      }
    },
  };
}
