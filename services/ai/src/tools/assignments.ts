// An agent's tool assignments (/api/agents/{id}/tools): a builtin by `tool_name`, or a custom tool by
// `tool_id` (tool_type "custom"); `tool_type` is inferred when omitted. `config_override` is validated
// (`schemas` for the data tools). PATCH takes only `{config_override}` (full replacement); other keys are a no-op.
import type { AiContext } from '../context.ts';
import { getAgent } from '../agents/agents.ts';
import { raise } from '../errors.ts';
import { parseUuid } from '../sources/validate.ts';
import { BUILTIN_NAMES, isBuiltin } from './builtin/index.ts';
import { getCustomTool } from './catalogue.ts';
import { parseScope } from './data-scope.ts';
import { isObject, type Assignment } from './types.ts';

export function assignmentJson(a: Assignment) {
  return { id: a.id, agent_id: a.agent_id, tool_type: a.tool_type, tool_name: a.tool_name, tool_id: a.tool_id, config_override: a.config_override ?? {}, created_at: a.created_at };
}

function parseOverride(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw raise('invalid_request', 'config_override must be an object');
  const schemas = parseScope(v.schemas);
  return schemas ? { ...v, schemas } : v;
}

export async function listAssignments(ctx: AiContext, agentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query<Assignment>('select * from ai.agent_tools where agent_id = $1 order by created_at, id', [agent.id]);
  return { tools: r.rows.map(assignmentJson), total: r.rows.length };
}

export async function assignTool(ctx: AiContext, agentId: string, b: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  const type = b.tool_type ?? (b.tool_id !== undefined && b.tool_id !== null ? 'custom' : isBuiltin(b.tool_name) ? 'builtin' : undefined);
  if (type !== 'builtin' && type !== 'custom') throw raise('invalid_request', 'tool_type ("builtin" or "custom") and tool_name are required; a custom tool is assigned by tool_id');
  const override = parseOverride(b.config_override);
  let name: string;
  let toolId: string | null = null;
  if (type === 'builtin') {
    if (!isBuiltin(b.tool_name)) throw raise('invalid_request', `tool_name must be one of ${BUILTIN_NAMES.join(', ')}`);
    name = b.tool_name;
  } else {
    if (typeof b.tool_id !== 'string') throw raise('invalid_request', 'tool_id is required for a custom tool');
    const tool = await getCustomTool(ctx, b.tool_id);
    toolId = tool.id;
    name = typeof b.tool_name === 'string' && b.tool_name ? b.tool_name : tool.name;
  }
  const r = await ctx.db.query<Assignment>(
    `insert into ai.agent_tools (agent_id, tool_id, tool_type, tool_name, config_override) values ($1, $2, $3, $4, $5)
     on conflict do nothing returning *`, [agent.id, toolId, type, name, override]);
  if (!r.rows[0]) throw raise('already_assigned', `${name} is already assigned to this agent`);
  return assignmentJson(r.rows[0]);
}

export async function updateAssignment(ctx: AiContext, agentId: string, assignmentId: string, b: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  const id = parseUuid(assignmentId, 'assignment_not_found');
  const cur = await ctx.db.query<Assignment>('select * from ai.agent_tools where agent_id = $1 and id = $2', [agent.id, id]);
  if (!cur.rows[0]) throw raise('assignment_not_found');
  if (b.config_override === undefined) return assignmentJson(cur.rows[0]);
  const r = await ctx.db.query<Assignment>('update ai.agent_tools set config_override = $2 where id = $1 returning *', [id, parseOverride(b.config_override)]);
  return assignmentJson(r.rows[0]);
}

export async function unassignTool(ctx: AiContext, agentId: string, assignmentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query('delete from ai.agent_tools where agent_id = $1 and id = $2', [agent.id, parseUuid(assignmentId, 'assignment_not_found')]);
  if (!r.rowCount) throw raise('assignment_not_found');
  return { message: 'Tool removed from agent' };
}
