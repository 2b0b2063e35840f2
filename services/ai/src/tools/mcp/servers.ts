// An agent's MCP servers (ai.agent_mcp_servers, /api/agents/{id}/mcp-servers): name (unique per agent), url,
// transport (`http` = streamable HTTP, default; `sse` = the legacy HTTP+SSE transport), headers sent on every
// request, config, enabled. PUT is partial.
import type { AiContext } from '../../context.ts';
import { getAgent } from '../../agents/agents.ts';
import { raise } from '../../errors.ts';
import { parseUuid } from '../../sources/validate.ts';
import { isObject } from '../types.ts';

export interface McpServerRow {
  id: string; agent_id: string; name: string; transport: string; url: string; headers: Record<string, string> | null;
  config: Record<string, unknown> | null; enabled: boolean; created_at: Date; updated_at: Date;
}

const TRANSPORTS: Record<string, 'http' | 'sse'> = { http: 'http', streamable_http: 'http', 'streamable-http': 'http', sse: 'sse' };

export const mcpJson = (s: McpServerRow) => ({
  id: s.id, agent_id: s.agent_id, name: s.name, url: s.url, transport: s.transport, headers: s.headers ?? {}, config: s.config ?? {},
  enabled: s.enabled, created_at: s.created_at, updated_at: s.updated_at,
});

function fields(b: Record<string, unknown>, partial: boolean) {
  const out: Partial<Pick<McpServerRow, 'name' | 'url' | 'transport' | 'headers' | 'config' | 'enabled'>> = {};
  if (b.name !== undefined || !partial) {
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 255) throw raise('invalid_request', 'name is required (a string of at most 255 characters)');
    out.name = b.name.trim();
  }
  if (b.url !== undefined || !partial) {
    let u: URL | null = null;
    try { u = typeof b.url === 'string' ? new URL(b.url) : null; } catch { u = null; }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw raise('invalid_request', 'url is required (an absolute http(s) URL)');
    out.url = b.url as string;
  }
  if (b.transport !== undefined) {
    const t = typeof b.transport === 'string' ? TRANSPORTS[b.transport.toLowerCase()] : undefined;
    if (!t) throw raise('invalid_request', 'transport must be http or sse');
    out.transport = t;
  }
  if (b.headers !== undefined && b.headers !== null) {
    if (!isObject(b.headers) || Object.values(b.headers).some((v) => typeof v !== 'string')) throw raise('invalid_request', 'headers must be an object of strings');
    out.headers = b.headers as Record<string, string>;
  }
  if (b.config !== undefined && b.config !== null) {
    if (!isObject(b.config)) throw raise('invalid_request', 'config must be an object');
    out.config = b.config;
  }
  if (b.enabled !== undefined) {
    if (typeof b.enabled !== 'boolean') throw raise('invalid_request', 'enabled must be a boolean');
    out.enabled = b.enabled;
  }
  return out;
}

export async function getMcpServer(ctx: AiContext, agentId: string, serverId: string): Promise<McpServerRow> {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query<McpServerRow>('select * from ai.agent_mcp_servers where agent_id = $1 and id = $2', [agent.id, parseUuid(serverId, 'mcp_server_not_found')]);
  if (!r.rows[0]) throw raise('mcp_server_not_found');
  return r.rows[0];
}

export async function listMcpServers(ctx: AiContext, agentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query<McpServerRow>('select * from ai.agent_mcp_servers where agent_id = $1 order by created_at, id', [agent.id]);
  return { mcp_servers: r.rows.map(mcpJson), total: r.rows.length };
}

export async function createMcpServer(ctx: AiContext, agentId: string, b: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  const f = fields(b, false);
  const r = await ctx.db.query<McpServerRow>(
    `insert into ai.agent_mcp_servers (agent_id, name, url, transport, headers, config, enabled) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (agent_id, name) do nothing returning *`,
    [agent.id, f.name, f.url, f.transport ?? 'http', f.headers ?? {}, f.config ?? {}, f.enabled ?? true]);
  if (!r.rows[0]) throw raise('duplicate_name', `This agent already has an MCP server named ${f.name}`);
  return mcpJson(r.rows[0]);
}

export async function updateMcpServer(ctx: AiContext, agentId: string, serverId: string, b: Record<string, unknown>) {
  const cur = await getMcpServer(ctx, agentId, serverId);
  const f = { ...cur, ...fields(b, true) };
  try {
    const r = await ctx.db.query<McpServerRow>(
      'update ai.agent_mcp_servers set name = $2, url = $3, transport = $4, headers = $5, config = $6, enabled = $7 where id = $1 returning *',
      [cur.id, f.name, f.url, f.transport, f.headers ?? {}, f.config ?? {}, f.enabled]);
    return mcpJson(r.rows[0]);
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw raise('duplicate_name', `This agent already has an MCP server named ${f.name}`);
    throw e;
  }
}

export async function deleteMcpServer(ctx: AiContext, agentId: string, serverId: string) {
  const cur = await getMcpServer(ctx, agentId, serverId);
  await ctx.db.query('delete from ai.agent_mcp_servers where id = $1', [cur.id]);
  return { message: 'MCP server deleted' };
}
