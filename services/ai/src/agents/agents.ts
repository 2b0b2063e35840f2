// Agents CRUD (ai.agents) and their knowledge-base assignments (ai.agent_knowledge_bases). Tuning lives
// in `settings` (temperature, max_steps, …); top-level tuning fields are ignored as documented.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { parsePaging, parseUuid } from '../sources/validate.ts';

export interface AgentRow {
  id: string; name: string; model: string; system_prompt: string | null; settings: Record<string, unknown>;
  created_at: Date; updated_at: Date;
}

export const DEFAULT_AGENT_MODEL = 'gpt-4o-mini';

function text(v: unknown, name: string, max: number, required = false): string | null | undefined {
  if (v === undefined || v === null) {
    if (required) throw raise('invalid_request', `${name} is required`);
    return v as null | undefined;
  }
  if (typeof v !== 'string') throw raise('invalid_request', `${name} must be a string`);
  if (required && !v.trim()) throw raise('invalid_request', `${name} is required`);
  if (v.length > max) throw raise('invalid_request', `${name} must be at most ${max} characters`);
  return v;
}

function settingsOf(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw raise('invalid_request', 'settings must be an object');
  const s = v as Record<string, unknown>;
  if (s.temperature !== undefined && (typeof s.temperature !== 'number' || s.temperature < 0 || s.temperature > 2)) throw raise('invalid_request', 'settings.temperature must be a number between 0 and 2');
  if (s.max_steps !== undefined && (!Number.isInteger(s.max_steps) || (s.max_steps as number) < 1 || (s.max_steps as number) > 100)) throw raise('invalid_request', 'settings.max_steps must be an integer between 1 and 100');
  return s;
}

export async function getAgent(ctx: AiContext, id: string): Promise<AgentRow> {
  const r = await ctx.db.query<AgentRow>('select * from ai.agents where id = $1', [parseUuid(id, 'agent_not_found')]);
  if (!r.rows[0]) throw raise('agent_not_found');
  return r.rows[0];
}

export async function listAgents(ctx: AiContext, q: Record<string, unknown>) {
  const { limit, offset } = parsePaging(q, { defaultLimit: 50, maxLimit: 200 });
  const term = typeof q.q === 'string' && q.q ? `%${q.q}%` : null;
  const sort = q.sort === 'name' ? 'name' : q.sort === 'updated_at' ? 'updated_at' : 'created_at';
  const order = q.order === 'asc' ? 'asc' : 'desc';
  const r = await ctx.db.query<AgentRow>(
    `select * from ai.agents where ($1::text is null or name ilike $1) order by ${sort} ${order}, id limit $2 offset $3`, [term, limit, offset]);
  const t = await ctx.db.query<{ n: number }>('select count(*)::int as n from ai.agents where ($1::text is null or name ilike $1)', [term]);
  return { agents: r.rows, total: t.rows[0].n, limit, offset };
}

export async function createAgent(ctx: AiContext, b: Record<string, unknown>): Promise<AgentRow> {
  const name = text(b.name, 'name', 255, true)!;
  const model = text(b.model, 'model', 255) || DEFAULT_AGENT_MODEL;
  const prompt = text(b.system_prompt, 'system_prompt', 200_000) ?? null;
  const settings = settingsOf(b.settings) ?? {};
  const r = await ctx.db.query<AgentRow>(
    'insert into ai.agents (name, model, system_prompt, settings) values ($1, $2, $3, $4) returning *', [name.trim(), model.trim(), prompt, settings]);
  return r.rows[0];
}

export async function updateAgent(ctx: AiContext, id: string, b: Record<string, unknown>): Promise<AgentRow> {
  const cur = await getAgent(ctx, id);
  const name = text(b.name, 'name', 255);
  if (name !== undefined && (name === null || !name.trim())) throw raise('invalid_request', 'name must not be empty');
  const model = text(b.model, 'model', 255);
  const prompt = text(b.system_prompt, 'system_prompt', 200_000);
  const settings = settingsOf(b.settings);
  const r = await ctx.db.query<AgentRow>(
    'update ai.agents set name = $2, model = $3, system_prompt = $4, settings = $5 where id = $1 returning *',
    [cur.id, name?.trim() ?? cur.name, model?.trim() || (model === undefined ? cur.model : DEFAULT_AGENT_MODEL),
      prompt === undefined ? cur.system_prompt : prompt, settings ?? cur.settings]);
  return r.rows[0];
}

export async function deleteAgent(ctx: AiContext, id: string) {
  const cur = await getAgent(ctx, id);
  await ctx.db.query('delete from ai.agents where id = $1', [cur.id]);
  return { message: 'Agent deleted' };
}

// knowledge-base assignments

const KB_ASSIGNMENT = `select a.id, a.agent_id, a.knowledge_base_id, kb.name as knowledge_base_name, a.config, a.created_at
  from ai.agent_knowledge_bases a join ai.knowledge_bases kb on kb.id = a.knowledge_base_id`;

export async function listAgentKbs(ctx: AiContext, agentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query(`${KB_ASSIGNMENT} where a.agent_id = $1 order by a.created_at, a.id`, [agent.id]);
  return { knowledge_bases: r.rows, total: r.rows.length };
}

export async function assignKb(ctx: AiContext, agentId: string, b: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  if (typeof b.knowledge_base_id !== 'string') throw raise('invalid_request', 'knowledge_base_id is required');
  const kbId = parseUuid(b.knowledge_base_id, 'knowledge_base_not_found');
  const kb = await ctx.db.query('select id from ai.knowledge_bases where id = $1', [kbId]);
  if (!kb.rowCount) throw raise('knowledge_base_not_found');
  const config = b.config && typeof b.config === 'object' && !Array.isArray(b.config) ? b.config : {};
  const ins = await ctx.db.query<{ id: string }>(
    `insert into ai.agent_knowledge_bases (agent_id, knowledge_base_id, config) values ($1, $2, $3)
     on conflict (agent_id, knowledge_base_id) do nothing returning id`, [agent.id, kbId, config]);
  if (!ins.rows[0]) throw raise('already_assigned', 'This knowledge base is already assigned to the agent');
  return (await ctx.db.query(`${KB_ASSIGNMENT} where a.id = $1`, [ins.rows[0].id])).rows[0];
}

export async function unassignKb(ctx: AiContext, agentId: string, assignmentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query('delete from ai.agent_knowledge_bases where agent_id = $1 and id = $2',
    [agent.id, parseUuid(assignmentId, 'assignment_not_found')]);
  if (!r.rowCount) throw raise('assignment_not_found');
  return { message: 'Knowledge base removed from agent' };
}
