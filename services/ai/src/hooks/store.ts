// Agent hooks in ai.hooks: create (event, type and config required; values not in the documented lists are
// stored and never fire, as the docs say), list by position, delete. Hooks are immutable: no update.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { getAgent } from '../agents/agents.ts';
import type { HookRow } from './types.ts';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function hookJson(h: HookRow) {
  return { id: h.id, agent_id: h.agent_id, event: h.event, matcher: h.matcher, type: h.type, config: h.config ?? {}, enabled: h.enabled, position: h.position, created_at: h.created_at };
}

export async function createHook(ctx: AiContext, agentId: string, b: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  const missing = ['event', 'type', 'config'].filter((f) => b[f] === undefined || b[f] === null || b[f] === '');
  if (missing.length) throw raise('invalid_request', `Missing required fields: ${missing.join(', ')}`, { fields: missing });
  if (typeof b.event !== 'string' || b.event.length > 50) throw raise('invalid_request', 'event must be a string of at most 50 characters');
  if (typeof b.type !== 'string' || b.type.length > 50) throw raise('invalid_request', 'type must be a string of at most 50 characters');
  if (!isObj(b.config)) throw raise('invalid_request', 'config must be an object');
  if (b.matcher !== undefined && b.matcher !== null && (typeof b.matcher !== 'string' || b.matcher.length > 255)) throw raise('invalid_request', 'matcher must be a tool name');
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') throw raise('invalid_request', 'enabled must be a boolean');
  if (b.position !== undefined && !Number.isInteger(b.position)) throw raise('invalid_request', 'position must be an integer');
  const r = await ctx.db.query<HookRow>(
    `insert into ai.hooks (agent_id, event, matcher, type, config, enabled, position) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [agent.id, b.event, b.matcher || null, b.type, b.config, b.enabled ?? true, b.position ?? 0]);
  return hookJson(r.rows[0]);
}

export async function listHooks(ctx: AiContext, agentId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query<HookRow>('select * from ai.hooks where agent_id = $1 order by position, created_at, id', [agent.id]);
  return { hooks: r.rows.map(hookJson), total: r.rows.length };
}

export async function deleteHook(ctx: AiContext, agentId: string, hookId: string) {
  const agent = await getAgent(ctx, agentId);
  const r = await ctx.db.query(`delete from ai.hooks where agent_id = $1 and id::text = $2`, [agent.id, hookId]);
  if (!r.rowCount) throw raise('hook_not_found');
  return { message: 'Hook deleted' };
}

// The hooks a run executes (enabled, in position order) are read with the agent: agents/bundle.ts.
