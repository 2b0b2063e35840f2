// The tools of one run: knowledge_search (KB assignments), builtin and custom tool assignments, and the tools
// of the agent's enabled MCP servers (discovered now, in parallel; a server that fails is left out and
// logged). Every tool is bounded by its timeout, and an assignment's config_override fixes arguments.
import type { AiContext } from '../context.ts';
import { emit } from '../events.ts';
import { builtinTool, isBuiltin } from './builtin/index.ts';
import { customHttpTool } from './custom-http.ts';
import { parseScope } from './data-scope.ts';
import { discoverTools, mcpAgentTool } from './mcp/client.ts';
import type { McpServerRow } from './mcp/servers.ts';
import { withForcedArgs, withTimeout } from './timeout.ts';
import type { AgentBundle } from '../agents/bundle.ts';
import type { AgentTool, Caller } from './types.ts';

const DISCOVERY_MS = 10_000;

async function assignedTools(ctx: AiContext, rows: AgentBundle['assignments'], caller: Caller, base: number, customMs: number): Promise<AgentTool[]> {
  const out: AgentTool[] = [];
  for (const a of rows) {
    const override = a.config_override ?? {};
    let tool: AgentTool | null = null;
    let ms = base;
    if (a.tool_type === 'builtin' && isBuiltin(a.tool_name)) {
      let scope;
      try { scope = parseScope(override.schemas); } catch { scope = undefined; }
      tool = await builtinTool(ctx, a.tool_name, caller, scope, base);
    } else if (a.tool_type === 'custom' && a.tool) {
      tool = customHttpTool(ctx, a.tool);
      const own = Number(a.tool.config?.timeout_seconds);
      ms = Math.min(base, Number.isFinite(own) && own > 0 ? own * 1000 : customMs);
    }
    if (tool) out.push(withTimeout(withForcedArgs(tool, override), ms));
  }
  return out;
}

async function mcpTools(ctx: AiContext, agentId: string, servers: McpServerRow[], base: number, mcpMs: number): Promise<AgentTool[]> {
  const found = await Promise.all(servers.map(async (s) => {
    try {
      const tools = await discoverTools(ctx, s, Math.min(base, DISCOVERY_MS));
      return tools.map((t) => withTimeout(mcpAgentTool(ctx, s, t, mcpMs), mcpMs));
    } catch (e) {
      emit(ctx.log, { event: 'mcp_discovery_failed', agentId, server: s.name, error: (e as Error).message });
      return [];
    }
  }));
  return found.flat();
}

/** Tools assigned to the agent (KB search excluded), ready for the loop. Names are unique (the first wins). */
export async function runTools(ctx: AiContext, bundle: AgentBundle, caller: Caller): Promise<AgentTool[]> {
  const base = ctx.config.tools.timeoutMs;
  const s = await ctx.settings.snapshot();
  const customMs = Math.min(base, s.int('CUSTOM_TOOL_TIMEOUT') * 1000);
  const mcpMs = Math.min(base, s.int('MCP_TOOL_TIMEOUT') * 1000);
  const [assigned, mcp] = await Promise.all([
    assignedTools(ctx, bundle.assignments, caller, base, customMs),
    mcpTools(ctx, bundle.agent.id, bundle.mcpServers, base, mcpMs),
  ]);
  return [...assigned, ...mcp];
}
