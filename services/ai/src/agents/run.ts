// Agent runs. The synchronous run is one LLM call without tools, saved as completed or failed. A streamed run: validated and prepared before any byte is streamed (errors are JSON), then
// inserted as `running`, executed by the loop with every event sent and recorded, and saved at the end —
// completed, failed, or cancelled when the client went away (the partial answer and steps are kept).
// Hooks wrap it: OnRunStart (may fail the run), tool hooks inside the loop, PreResponse (may replace or block
// the answer), OnRunComplete (fire-and-forget). While an approval hook waits, the run is `awaiting_approval`.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import type { ChatMessage } from '../llm/provider.ts';
import { resolveModel, type ResolvedModel } from '../llm/resolve.ts';
import type { AgentRow } from './agents.ts';
import { loadAgentBundle } from './bundle.ts';
import { DEFAULT_MAX_STEPS, DoomLoopError, runLoop, type LoopInput, type LoopState, type RunEvent } from './loop.ts';
import { createSession, findSession, liveRuns, newRunId, sessionHistory, type Caller, type SessionRow } from './sessions.ts';
import { agentTools, type AgentTool } from './tools.ts';
import { LlmError, type ReasoningEffort, type Usage } from '../llm/provider.ts';
import { HookRunner } from '../hooks/runner.ts';
import type { HookRow } from '../hooks/types.ts';

/** Body fields an end user may not send (platform.md §4.1). */
const SERVICE_ONLY_FIELDS = ['knowledge_bases', 'runtime_knowledge_bases', 'context_handler_id', 'context_items'];

export interface PreparedRun {
  agent: AgentRow; session: SessionRow; isNewSession: boolean; resolved: ResolvedModel; tools: AgentTool[];
  message: string; maxSteps: number; temperature?: number; runId: string;
  caller: Caller; hooks: HookRow[];
  /** `requested`: stream reasoning events (body `reasoning_requested`); `effort`: agent `settings.reasoning_effort`. */
  reasoning: { requested: boolean; effort?: ReasoningEffort };
}

const EFFORTS = new Set(['low', 'medium', 'high']);

class HookBlockedError extends Error {}

/** `tools: false` (the sync run, which never calls tools) skips building them, MCP discovery included. */
export async function prepareRun(ctx: AiContext, caller: Caller, agentId: string, b: Record<string, unknown>, o: { tools?: boolean } = {}): Promise<PreparedRun> {
  const bundle = await loadAgentBundle(ctx, agentId);
  const agent = bundle.agent;
  if (caller.kind === 'user') {
    const bad = SERVICE_ONLY_FIELDS.filter((f) => b[f] !== undefined);
    if (bad.length) throw raise('forbidden_fields', `These fields need the service role key: ${bad.join(', ')}`, { fields: bad });
  }
  if (typeof b.message !== 'string' || !b.message.trim()) throw raise('invalid_request', 'message is required');
  const settings = agent.settings ?? {};
  const maxSteps = b.max_steps ?? settings.max_steps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || (maxSteps as number) < 1 || (maxSteps as number) > 100) throw raise('invalid_request', 'max_steps must be an integer between 1 and 100');
  const temperature = b.temperature ?? settings.temperature;
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 2)) throw raise('invalid_request', 'temperature must be a number between 0 and 2');
  if (b.reasoning_requested !== undefined && typeof b.reasoning_requested !== 'boolean') throw raise('invalid_request', 'reasoning_requested must be a boolean');
  const effort = typeof settings.reasoning_effort === 'string' && EFFORTS.has(settings.reasoning_effort) ? settings.reasoning_effort as ReasoningEffort : undefined;
  // The lookups are independent reads: issued together, so their round trips overlap. The session is created
  // only after they succeed (a missing key or a bad session id leaves nothing behind).
  const wantsSession = b.session_id !== undefined && b.session_id !== null;
  const [resolved, found, tools] = await Promise.all([
    resolveModel(ctx, agent.model),
    wantsSession ? findSession(ctx, caller, b.session_id) : Promise.resolve(null),
    o.tools === false ? Promise.resolve([]) : agentTools(ctx, bundle, caller),
  ]);
  const hooks = bundle.hooks;
  let session: SessionRow | null = found;
  let isNewSession = false;
  if (wantsSession) {
    if (session && session.agent_id !== agent.id) throw raise('session_not_found');
    if (!session && caller.kind === 'user') throw raise('session_not_found');
    if (!session) { session = await createSession(ctx, caller, agent, {}, b.session_id as string); isNewSession = true; }
  } else {
    session = await createSession(ctx, caller, agent, {});
    isNewSession = true;
  }
  return { agent, session, isNewSession, resolved, tools, message: b.message, maxSteps: maxSteps as number, temperature: temperature as number | undefined, runId: newRunId(),
    caller, hooks, reasoning: { requested: b.reasoning_requested === true, ...(effort ? { effort } : {}) } };
}

export interface RunOutcome { status: 'completed' | 'failed' | 'cancelled'; error: string | null }

/** Executes a prepared run; `send` writes one event to the client (may be a no-op once it has gone). */
export async function executeRun(ctx: AiContext, p: PreparedRun, signal: AbortSignal, send: (e: RunEvent) => void): Promise<RunOutcome> {
  const events: RunEvent[] = [];
  const emit = (e: RunEvent) => {
    if (e.event !== 'chunk' && e.event !== 'reasoning') events.push(e);
    send(e);
  };
  const input: ChatMessage[] = [{ role: 'user', content: p.message }];
  // The run row and the session's history are read/written together; a session made for this run has no history.
  const [ins, history] = await Promise.all([
    ctx.db.query<{ id: string }>(
      `insert into ai.agent_runs (session_id, run_id, agent_id, status, input_messages, started_at, model, steps)
       values ($1, $2, $3, 'running', $4, now(), $5, 0) returning id`,
      [p.session.id, p.runId, p.agent.id, JSON.stringify(input), p.agent.model]),
    p.isNewSession ? Promise.resolve([]) : sessionHistory(ctx, p.session.id) as Promise<unknown> as Promise<ChatMessage[]>,
  ]);
  const rowId = ins.rows[0].id;
  emit({ event: 'start', run_id: p.runId, session_id: p.session.session_id, is_new_session: p.isNewSession, reasoning_requested: p.reasoning.requested });
  const live = liveRuns(ctx);
  live.add(p.runId);
  const hooks = new HookRunner({ ctx, hooks: p.hooks, runId: p.runId, starter: p.caller, signal, emit, approvalTimeoutMs: ctx.config.agents.approvalTimeoutMs,
    onAwaiting: async (waiting) => { await ctx.db.query(`update ai.agent_runs set status = $2 where id = $1 and status in ('running', 'awaiting_approval')`, [rowId, waiting ? 'awaiting_approval' : 'running']); } });
  const messages: ChatMessage[] = [
    ...(p.agent.system_prompt ? [{ role: 'system' as const, content: p.agent.system_prompt }] : []),
    ...history, ...input,
  ];
  const state: LoopState = { content: '', steps: 0, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, toolCalls: [], output: [], retrieved: [], reasoningSteps: [] };
  let outcome: RunOutcome;
  try {
    const start = await hooks.onRunStart(p.message);
    if (start.blocked) throw new HookBlockedError(start.message);
    await runLoop({ ...await loopOptions(ctx, p, messages, signal, emit), hooks }, state);
    await applyPreResponse(hooks, state);
    outcome = { status: 'completed', error: null };
  } catch (e) {
    if (signal.aborted) outcome = { status: 'cancelled', error: 'Client disconnected; the run was aborted' };
    else {
      const known = e instanceof DoomLoopError || e instanceof LlmError || e instanceof HookBlockedError;
      const msg = known ? (e as Error).message : `Run failed: ${(e as Error).message}`;
      outcome = { status: 'failed', error: msg };
      const code = e instanceof DoomLoopError ? 'doom_loop' : e instanceof HookBlockedError ? 'hook_blocked'
        : e instanceof LlmError ? (e.status === 429 ? 'rate_limited' : e.code ?? 'llm_error') : 'run_failed';
      emit({ event: 'error', message: msg, error: msg, code, step: state.steps, run_id: p.runId });
    }
  } finally {
    live.delete(p.runId);
  }
  const usage = state.usage;
  if (outcome.status === 'completed') {
    emit({ event: 'complete', run_id: p.runId, session_id: p.session.session_id, content: state.content, status: 'completed', steps: state.steps, tool_calls: state.toolCalls, usage, error: null });
  }
  const toolErrors = state.toolCalls.filter((c) => c.status === 'error').length;
  const toolMs = state.toolCalls.reduce((n, c) => n + c.duration_ms, 0);
  await ctx.db.query(
    `update ai.agent_runs set status = $2, content = $3, output_messages = $4, retrieved_context = $5, error = $6, completed_at = now(),
       steps = $7, events = $8, tool_calls = $9, prompt_tokens = $10, completion_tokens = $11, total_tokens = $12,
       reasoning_tokens = $13, cached_tokens = $14, tool_call_count = $15, tool_call_error_count = $16, tool_call_duration_ms_total = $17,
       reasoning_steps = $18
     where id = $1`,
    [rowId, outcome.status, state.content, JSON.stringify(state.output), JSON.stringify(state.retrieved), outcome.error, state.steps,
      JSON.stringify(events), JSON.stringify(state.toolCalls), usage.prompt_tokens, usage.completion_tokens, usage.total_tokens,
      usage.reasoning_tokens ?? null, usage.cached_tokens ?? null, state.toolCalls.length, toolErrors, toolMs, JSON.stringify(state.reasoningSteps)]);
  await ctx.db.query('update ai.agent_sessions set updated_at = now() where id = $1', [p.session.id]);
  if (outcome.status === 'completed') hooks.onRunComplete({ run_id: p.runId, status: outcome.status, steps: state.steps, content: state.content });
  return outcome;
}

/** The loop's model, limits, reasoning and compaction (summaries by DEFAULT_COMPACTION_MODEL, else the run's model). */
async function loopOptions(ctx: AiContext, p: PreparedRun, messages: ChatMessage[], signal: AbortSignal, emit: (e: RunEvent) => void): Promise<LoopInput> {
  const snap = await ctx.settings.snapshot();
  const window = p.agent.settings?.context_window;
  const contextLimit = Number.isInteger(window) && (window as number) > 0 ? Math.max(1, (window as number) - snap.int('COMPACTION_BUFFER')) : undefined;
  return {
    llm: p.resolved.llm, model: p.resolved.model, messages, tools: p.tools, maxSteps: p.maxSteps, temperature: p.temperature, signal, emit,
    retry: { max: ctx.config.agents.maxRetries, baseMs: ctx.config.agents.retryBaseMs },
    reasoning: { stream: p.reasoning.requested, ...(p.reasoning.effort ? { effort: p.reasoning.effort } : {}) },
    compaction: {
      charsPerToken: snap.num('CHARS_PER_TOKEN') || 4, maxAttempts: ctx.config.agents.compactionAttempts, ...(contextLimit ? { contextLimit } : {}),
      async summarizer() {
        const model = snap.str('DEFAULT_COMPACTION_MODEL');
        const r = model ? await resolveModel(ctx, model).catch(() => p.resolved) : p.resolved;
        return { llm: r.llm, model: r.model, maxTokens: snap.int('COMPACTION_MAX_OUTPUT_TOKENS') };
      },
    },
  };
}

/** PreResponse hooks may replace the final answer (modified_output) or block it (the hook's message replaces it). */
async function applyPreResponse(hooks: HookRunner, state: LoopState): Promise<void> {
  if (hooks.empty) return;
  const pre = await hooks.preResponse(state.content);
  let content: string | undefined;
  if (pre.blocked) content = pre.message ?? 'Response blocked by hook';
  else if (pre.output !== undefined) content = typeof pre.output === 'string' ? pre.output : JSON.stringify(pre.output);
  if (content === undefined) return;
  state.content = content;
  const last = state.output.at(-1);
  if (last?.role === 'assistant' && !last.tool_calls?.length) last.content = content;
}

/** POST /agents/{id}/run: one LLM call, no tools, no loop; the run is written as completed or failed. */
export async function executeSyncRun(ctx: AiContext, p: PreparedRun) {
  const input: ChatMessage[] = [{ role: 'user', content: p.message }];
  const history = p.isNewSession ? [] : await sessionHistory(ctx, p.session.id) as unknown as ChatMessage[];
  const messages: ChatMessage[] = [
    ...(p.agent.system_prompt ? [{ role: 'system' as const, content: p.agent.system_prompt }] : []),
    ...history, ...input,
  ];
  let content = '';
  let usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  let error: string | null = null;
  try {
    const res = await p.resolved.llm.complete({ model: p.resolved.model, messages, temperature: p.temperature });
    content = res.content;
    usage = res.usage;
  } catch (e) {
    error = e instanceof LlmError ? e.message : `Run failed: ${(e as Error).message}`;
  }
  const status = error ? 'failed' : 'completed';
  await ctx.db.query(
    `insert into ai.agent_runs (session_id, run_id, agent_id, status, input_messages, output_messages, content, error, started_at, completed_at,
       model, steps, prompt_tokens, completion_tokens, total_tokens, reasoning_tokens, cached_tokens, tool_call_count)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), $9, 1, $10, $11, $12, $13, $14, 0)`,
    [p.session.id, p.runId, p.agent.id, status, JSON.stringify(input), JSON.stringify(error ? [] : [{ role: 'assistant', content }]), error ? null : content, error,
      p.agent.model, usage.prompt_tokens, usage.completion_tokens, usage.total_tokens, usage.reasoning_tokens ?? null, usage.cached_tokens ?? null]);
  if (error) throw raise('llm_failed', error, { run_id: p.runId, session_id: p.session.session_id });
  return { run_id: p.runId, session_id: p.session.session_id, is_new_session: p.isNewSession, status, content, usage, error: null };
}
