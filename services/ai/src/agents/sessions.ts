// Agent sessions (ai.agent_sessions, user-facing id `sess_<12 hex>`) and the runs stored in them
// (ai.agent_runs, `run_<12 hex>`). A caller is the service role or an end user; a user sees only sessions
// they own, and every ownership failure is a 404 (platform.md §4.1).
import { randomBytes } from 'node:crypto';
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { parsePaging } from '../sources/validate.ts';
import { getAgent, type AgentRow } from './agents.ts';
import { emit } from '../events.ts';

export type Caller = { kind: 'service' } | { kind: 'user'; userId: string; claims?: Record<string, unknown>; /** The user's verified bearer token (storage tools present it). */ token?: string };

export interface SessionRow {
  id: string; session_id: string; agent_id: string | null; user_id: string | null;
  session_data: unknown; metadata: unknown; created_at: Date; updated_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const newSessionId = () => `sess_${randomBytes(6).toString('hex')}`;
export const newRunId = () => `run_${randomBytes(6).toString('hex')}`;

export function sessionJson(s: SessionRow) {
  return { id: s.session_id, session_id: s.session_id, agent_id: s.agent_id, user_id: s.user_id, metadata: s.metadata ?? {}, created_at: s.created_at, updated_at: s.updated_at };
}

function checkSessionId(id: unknown): string {
  if (typeof id !== 'string' || !id || id.length > 255) throw raise('invalid_request', 'session_id must be a string of at most 255 characters');
  return id;
}

/** A session the caller may use; null for a user (or anyone) when it does not exist. */
export async function findSession(ctx: AiContext, caller: Caller, sessionId: unknown): Promise<SessionRow | null> {
  const id = checkSessionId(sessionId);
  const r = await ctx.db.query<SessionRow>('select * from ai.agent_sessions where session_id = $1', [id]);
  const s = r.rows[0];
  if (!s) return null;
  if (caller.kind === 'user' && s.user_id !== caller.userId) throw raise('session_not_found');
  return s;
}

export async function getSession(ctx: AiContext, caller: Caller, sessionId: unknown): Promise<SessionRow> {
  const s = await findSession(ctx, caller, sessionId);
  if (!s) throw raise('session_not_found');
  return s;
}

/** `agent`: its id (looked up, 404 when missing) or the row the caller already holds. */
export async function createSession(ctx: AiContext, caller: Caller, agent: string | AgentRow, b: Record<string, unknown>, sessionId?: string): Promise<SessionRow> {
  if (typeof agent === 'string') agent = await getAgent(ctx, agent);
  let userId: string | null = caller.kind === 'user' ? caller.userId : null;
  if (b.user_id !== undefined && b.user_id !== null) {
    if (caller.kind === 'user') throw raise('forbidden_fields', 'Service role required to set user_id', { fields: ['user_id'] });
    if (typeof b.user_id !== 'string' || !UUID.test(b.user_id)) throw raise('invalid_request', 'user_id must be a UUID');
    userId = b.user_id.toLowerCase();
  }
  const metadata = b.metadata && typeof b.metadata === 'object' && !Array.isArray(b.metadata) ? b.metadata : {};
  const r = await ctx.db.query<SessionRow>(
    'insert into ai.agent_sessions (session_id, agent_id, user_id, metadata) values ($1, $2, $3, $4) returning *',
    [sessionId ?? newSessionId(), agent.id, userId, metadata]);
  return r.rows[0];
}

export async function listSessions(ctx: AiContext, caller: Caller, agentId: string, q: Record<string, unknown>) {
  const agent = await getAgent(ctx, agentId);
  const { limit, offset } = parsePaging(q, { defaultLimit: 50, maxLimit: 200 });
  const user = caller.kind === 'user' ? caller.userId : null;
  const where = 'agent_id = $1 and ($2::uuid is null or user_id = $2)';
  const r = await ctx.db.query<SessionRow>(`select * from ai.agent_sessions where ${where} order by created_at desc, id limit $3 offset $4`, [agent.id, user, limit, offset]);
  const t = await ctx.db.query<{ n: number }>(`select count(*)::int as n from ai.agent_sessions where ${where}`, [agent.id, user]);
  return { sessions: r.rows.map(sessionJson), total: t.rows[0].n, limit, offset };
}

export async function deleteSession(ctx: AiContext, caller: Caller, sessionId: unknown, agentId?: string): Promise<void> {
  const s = await getSession(ctx, caller, sessionId);
  if (agentId !== undefined && s.agent_id !== agentId) throw raise('session_not_found');
  await ctx.db.query('delete from ai.agent_sessions where id = $1', [s.id]);
}

// runs

export interface RunRow {
  id: string; run_id: string; session_id: string | null; agent_id: string | null; status: string;
  input_messages: unknown; output_messages: unknown; content: string | null; retrieved_context: unknown; error: string | null;
  started_at: Date | null; completed_at: Date | null; steps: number | null; events: unknown; tool_calls: unknown; reasoning_steps: unknown;
  parent_orchestration_run_id: string | null; parent_workflow_execution_id: string | null; model: string | null;
  prompt_tokens: number | null; completion_tokens: number | null; reasoning_tokens: number | null; cached_tokens: number | null; total_tokens: number | null;
  created_at: Date;
}

export function runJson(r: RunRow & { session_public_id?: string | null }) {
  const usage: Record<string, number> = { prompt_tokens: r.prompt_tokens ?? 0, completion_tokens: r.completion_tokens ?? 0, total_tokens: r.total_tokens ?? 0 };
  if (r.reasoning_tokens !== null) usage.reasoning_tokens = r.reasoning_tokens;
  if (r.cached_tokens !== null) usage.cached_tokens = r.cached_tokens;
  return {
    id: r.id, run_id: r.run_id, session_id: r.session_public_id ?? null, agent_id: r.agent_id,
    parent_orchestration_run_id: r.parent_orchestration_run_id, parent_workflow_execution_id: r.parent_workflow_execution_id,
    status: r.status, model: r.model, input_messages: r.input_messages ?? [], output_messages: r.output_messages ?? [], content: r.content,
    usage, retrieved_context: r.retrieved_context ?? [], error: r.error, started_at: r.started_at, completed_at: r.completed_at,
    steps: r.steps ?? 0, events: r.events ?? [], tool_calls: r.tool_calls ?? [], reasoning_steps: r.reasoning_steps ?? [], created_at: r.created_at,
  };
}

const RUN_SELECT = `select r.*, s.session_id as session_public_id, s.user_id as session_user_id
  from ai.agent_runs r left join ai.agent_sessions s on s.id = r.session_id`;

/** A run the caller may read: a user must own its session (runs of shared or no sessions are 404 to users). */
export async function getRun(ctx: AiContext, caller: Caller, runId: string) {
  if (!runId || runId.length > 255) throw raise('run_not_found');
  const r = await ctx.db.query<RunRow & { session_public_id: string | null; session_user_id: string | null }>(`${RUN_SELECT} where r.run_id = $1`, [runId]);
  const row = r.rows[0];
  if (!row) throw raise('run_not_found');
  if (caller.kind === 'user' && row.session_user_id !== caller.userId) throw raise('run_not_found');
  return runJson(row);
}

export async function listSessionRuns(ctx: AiContext, caller: Caller, sessionId: unknown, q: Record<string, unknown>) {
  const s = await getSession(ctx, caller, sessionId);
  const { limit, offset } = parsePaging(q, { defaultLimit: 100, maxLimit: 100 });
  const r = await ctx.db.query<RunRow & { session_public_id: string }>(`${RUN_SELECT} where r.session_id = $1 order by r.created_at, r.id limit $2 offset $3`, [s.id, limit, offset]);
  const t = await ctx.db.query<{ n: number }>('select count(*)::int as n from ai.agent_runs where session_id = $1', [s.id]);
  return { session_id: s.session_id, runs: r.rows.map(runJson), total: t.rows[0].n, limit, offset };
}

/** The chat of a session: each run's user input, then its assistant answer (with the run's retrieved context). */
export async function sessionMessages(ctx: AiContext, caller: Caller, sessionId: unknown, q: Record<string, unknown>) {
  const s = await getSession(ctx, caller, sessionId);
  const { limit } = parsePaging(q, { defaultLimit: 200, maxLimit: 200 });
  const r = await ctx.db.query<RunRow>('select * from ai.agent_runs where session_id = $1 order by created_at, id', [s.id]);
  const messages: Array<Record<string, unknown>> = [];
  for (const run of r.rows) {
    for (const m of (run.input_messages as Array<{ role: string; content: string }> | null) ?? []) {
      messages.push({ role: m.role, content: m.content, run_id: run.run_id, created_at: run.started_at ?? run.created_at });
    }
    if (run.status !== 'running' && run.status !== 'awaiting_approval' && (run.content || run.status === 'completed')) {
      messages.push({ role: 'assistant', content: run.content ?? '', run_id: run.run_id, status: run.status, retrieved_context: run.retrieved_context ?? [], created_at: run.completed_at ?? run.created_at });
    }
  }
  return { session_id: s.session_id, messages: messages.slice(-limit), total: messages.length };
}

export async function retrievedContext(ctx: AiContext, caller: Caller, sessionId: unknown, runId: string) {
  const s = await getSession(ctx, caller, sessionId);
  const r = await ctx.db.query<{ retrieved_context: unknown }>('select retrieved_context from ai.agent_runs where session_id = $1 and run_id = $2', [s.id, runId]);
  if (!r.rows[0]) throw raise('run_not_found');
  return { session_id: s.session_id, run_id: runId, retrieved_context: r.rows[0].retrieved_context ?? [] };
}

/** The conversation so far as chat messages: completed runs replayed (user input, then the output messages). */
export async function sessionHistory(ctx: AiContext, sessionRowId: string): Promise<Array<Record<string, unknown>>> {
  const r = await ctx.db.query<RunRow>(`select input_messages, output_messages, content from ai.agent_runs where session_id = $1 and status = 'completed' order by created_at, id`, [sessionRowId]);
  const out: Array<Record<string, unknown>> = [];
  for (const run of r.rows) {
    out.push(...((run.input_messages as Array<Record<string, unknown>>) ?? []));
    out.push(...((run.output_messages as Array<Record<string, unknown>>) ?? []));
  }
  return out;
}

// runs in flight

const live = new WeakMap<AiContext, Set<string>>();

/** The run ids this service instance is executing right now (the sweeper leaves them alone). */
export function liveRuns(ctx: AiContext): Set<string> {
  let set = live.get(ctx);
  if (!set) live.set(ctx, set = new Set());
  return set;
}

/** Runs still running (or waiting for an approval) after `afterMs` whose process died end `failed`, as the OSS sweeper does. */
export async function failStaleRuns(ctx: AiContext, afterMs: number): Promise<number> {
  const r = await ctx.db.query(
    `update ai.agent_runs set status = 'failed', error = 'Run interrupted (pod restart or timeout)', completed_at = now()
      where status in ('running', 'awaiting_approval') and started_at < now() - make_interval(secs => $1::double precision / 1000)
        and not (run_id = any($2::text[]))`,
    [afterMs, [...liveRuns(ctx)]]);
  return r.rowCount ?? 0;
}

/** Sweeps stale runs now, then every `config.agents.staleRunSweepMs` (0: only now) until stopped. */
export async function startStaleRunSweeper(ctx: AiContext): Promise<{ stop(): void }> {
  const { staleRunSweepMs: every, staleRunAfterMs: after } = ctx.config.agents;
  const sweep = async () => {
    try {
      const count = await failStaleRuns(ctx, after);
      if (count) emit(ctx.log, { event: 'stale_runs_failed', count });
    } catch (e) {
      emit(ctx.log, { event: 'stale_run_sweep_failed', error: (e as Error).message });
    }
  };
  await sweep();
  if (!every) return { stop: () => {} };
  let running: Promise<void> | null = null;
  const timer = setInterval(() => { running ??= sweep().finally(() => { running = null; }); }, every);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
