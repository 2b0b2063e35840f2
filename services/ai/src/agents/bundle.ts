// Everything a run needs to know about its agent, read in ONE statement: the agent row, its knowledge-base
// assignments, tool assignments (with the custom tool), enabled MCP servers and enabled hooks. A run used to
// make six sequential reads for these; on PGlite's single session each is a round trip on the critical path.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import type { HookRow } from '../hooks/types.ts';
import { parseUuid } from '../sources/validate.ts';
import type { McpServerRow } from '../tools/mcp/servers.ts';
import type { Assignment, CustomToolRow } from '../tools/types.ts';
import type { AgentRow } from './agents.ts';

export interface AssignedKb { id: string; name: string; description: string | null }

export interface AgentBundle {
  agent: AgentRow;
  kbs: AssignedKb[];
  assignments: Array<Assignment & { tool: CustomToolRow | null }>;
  mcpServers: McpServerRow[];
  hooks: HookRow[];
}

const SQL = `
select a.*,
  coalesce((select jsonb_agg(jsonb_build_object('id', kb.id, 'name', kb.name, 'description', kb.description) order by x.created_at, x.id)
              from ai.agent_knowledge_bases x join ai.knowledge_bases kb on kb.id = x.knowledge_base_id where x.agent_id = a.id), '[]') as _kbs,
  coalesce((select jsonb_agg(to_jsonb(t0) || jsonb_build_object('tool', to_jsonb(t)) order by t0.created_at, t0.id)
              from ai.agent_tools t0 left join ai.tools t on t.id = t0.tool_id where t0.agent_id = a.id), '[]') as _assignments,
  coalesce((select jsonb_agg(to_jsonb(m) order by m.created_at, m.id)
              from ai.agent_mcp_servers m where m.agent_id = a.id and m.enabled), '[]') as _mcp,
  coalesce((select jsonb_agg(to_jsonb(h) order by h.position, h.created_at, h.id)
              from ai.hooks h where h.agent_id = a.id and h.enabled), '[]') as _hooks
  from ai.agents a where a.id = $1`;

type Row = AgentRow & { _kbs: AssignedKb[]; _assignments: AgentBundle['assignments']; _mcp: McpServerRow[]; _hooks: HookRow[] };

export async function loadAgentBundle(ctx: AiContext, id: string): Promise<AgentBundle> {
  const r = await ctx.db.query<Row>(SQL, [parseUuid(id, 'agent_not_found')]);
  const row = r.rows[0];
  if (!row) throw raise('agent_not_found');
  const { _kbs, _assignments, _mcp, _hooks, ...agent } = row;
  return { agent: agent as AgentRow, kbs: _kbs, assignments: _assignments, mcpServers: _mcp, hooks: _hooks };
}
