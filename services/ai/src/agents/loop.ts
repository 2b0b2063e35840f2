// The ReAct loop of a streamed run: each step is one LLM call; tool calls are executed (read-only ones in
// parallel, others in order; in order whenever hooks are attached) and fed back; on the last step tools are
// withheld so the model must answer. Transient LLM failures are retried (`step_reset` tells the client to
// drop the step's partial text); a prompt too long for the model is compacted (prune, then summarise) and
// retried, at most `compaction.maxAttempts` times. Truncated answers (finish_reason length) are continued up
// to 3 times. Doom loop: the same tool with identical arguments 3 times in a row ends the run. Hooks run
// around each tool call (PreToolUse may block or rewrite it, PostToolUse may rewrite the result). Reasoning
// is streamed as `reasoning` deltas and a `reasoning_summary` per step when requested, and always recorded.
import { setTimeout as sleep } from 'node:timers/promises';
import { isPromptTooLong, LlmError, type ChatMessage, type LlmProvider, type ReasoningEffort, type ToolCall, type Usage } from '../llm/provider.ts';
import { compact, estimateTokens, type Summarizer } from '../llm/compaction.ts';
import type { HookRunner } from '../hooks/runner.ts';
import type { AgentTool } from './tools.ts';

export const DEFAULT_MAX_STEPS = 25;
export const MAX_RESULT_CHARS = 50_000;
const DOOM_REPEATS = 3;
const MAX_CONTINUATIONS = 3;
const CONTINUE_PROMPT = 'Your answer was cut off. Continue exactly where you left off, without repeating anything.';

export type RunEvent = Record<string, unknown> & { event: string };

export interface LoopInput {
  llm: LlmProvider;
  model: string;
  messages: ChatMessage[];
  tools: AgentTool[];
  maxSteps: number;
  temperature?: number;
  signal: AbortSignal;
  /** Transient LLM failures (network, 429, 5xx) are retried within the step. */
  retry: { max: number; baseMs: number };
  emit(e: RunEvent): void;
  hooks?: HookRunner;
  /** `effort` is sent to the model; `stream` sends `reasoning` / `reasoning_summary` events. */
  reasoning?: { effort?: ReasoningEffort; stream: boolean };
  compaction?: {
    summarizer(): Promise<Summarizer>;
    charsPerToken: number;
    maxAttempts: number;
    /** Compact before a call whose estimated prompt exceeds this many tokens (proactive compaction). */
    contextLimit?: number;
  };
}

export interface ToolCallRecord {
  step: number; call_id: string; tool_name: string; arguments: unknown; result_preview: string;
  status: 'success' | 'error'; error?: string; duration_ms: number;
}

export interface ReasoningStep { step: number; content?: string; tool_calls?: string[] }

export interface LoopState {
  content: string;
  steps: number;
  usage: Usage;
  toolCalls: ToolCallRecord[];
  /** The assistant and tool messages the run added to the conversation. */
  output: ChatMessage[];
  retrieved: Array<Record<string, unknown>>;
  reasoningSteps: ReasoningStep[];
}

export class DoomLoopError extends Error {
  constructor(readonly toolName: string) { super(`Doom loop detected: ${toolName} was called ${DOOM_REPEATS} times in a row with identical arguments`); }
}

export function addUsage(a: Usage, b: Usage): Usage {
  const out: Usage = { prompt_tokens: a.prompt_tokens + b.prompt_tokens, completion_tokens: a.completion_tokens + b.completion_tokens, total_tokens: a.total_tokens + b.total_tokens };
  if (a.reasoning_tokens !== undefined || b.reasoning_tokens !== undefined) out.reasoning_tokens = (a.reasoning_tokens ?? 0) + (b.reasoning_tokens ?? 0);
  if (a.cached_tokens !== undefined || b.cached_tokens !== undefined) out.cached_tokens = (a.cached_tokens ?? 0) + (b.cached_tokens ?? 0);
  return out;
}

function transient(e: unknown): boolean {
  return e instanceof LlmError && (e.status === 0 || e.status === 429 || e.status >= 500);
}

async function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal });
}

function parseArgs(raw: string): { args: Record<string, unknown>; error?: string } {
  try {
    const v = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? { args: v } : { args: {}, error: 'Tool arguments must be a JSON object' };
  } catch { return { args: {}, error: 'Tool arguments are not valid JSON' }; }
}

/** Runs the loop, mutating `state` as it goes so a cancelled run can still be saved with what it had. */
export async function runLoop(input: LoopInput, state: LoopState): Promise<void> {
  const { llm, tools, emit, hooks } = input;
  const byName = new Map(tools.map((t) => [t.spec.name, t]));
  const messages = [...input.messages];
  const history: string[] = [];

  /** One compaction stage over `messages`: 'done', 'nothing' left to compact, or 'failed' (the summary call failed). */
  const compactNow = async (kind: 'proactive' | 'reactive', step: number, attempt: number): Promise<'done' | 'nothing' | 'failed'> => {
    const c = input.compaction!;
    try {
      const r = await compact(messages, await c.summarizer(), { charsPerToken: c.charsPerToken, signal: input.signal });
      emit({ event: `${kind}_compact`, step, attempt, succeeded: !!r, stage: r?.stage ?? null, tokens_before: r?.tokensBefore ?? estimateTokens(messages, c.charsPerToken),
        tokens_after: r?.tokensAfter ?? null, message_count: r?.messageCount ?? messages.length });
      if (!r) return 'nothing';
      messages.splice(0, messages.length, ...r.messages);
      return 'done';
    } catch (e) {
      if (input.signal.aborted) throw e;
      emit({ event: `${kind}_compact`, step, attempt, succeeded: false, stage: 'summarize', error: (e as Error).message, message_count: messages.length });
      return 'failed';
    }
  };

  for (let step = 1; step <= input.maxSteps; step++) {
    const isLast = step === input.maxSteps;
    state.steps = step;
    emit({ event: 'step_started', step, step_number: step, is_last_step: isLast });
    const offered = isLast || !tools.length ? undefined : tools.map((t) => t.spec);
    let thinking = '';
    const call = async (build: () => ChatMessage[], withTools: typeof offered) => {
      const c = input.compaction;
      if (c?.contextLimit) {
        for (let n = 1; n <= c.maxAttempts && estimateTokens(build(), c.charsPerToken) > c.contextLimit; n++) {
          if (await compactNow('proactive', step, n) === 'nothing') break;
        }
      }
      let compactions = 0;
      for (let retries = 0; ;) {
        const before = state.content;
        const thoughtBefore = thinking;
        try {
          return await llm.complete({
            model: input.model, messages: build(), tools: withTools, temperature: input.temperature, signal: input.signal,
            reasoningEffort: input.reasoning?.effort,
            onText: (delta) => { state.content += delta; emit({ event: 'chunk', content: delta, step }); },
            onReasoning: (delta) => { thinking += delta; if (input.reasoning?.stream) emit({ event: 'reasoning', step, delta }); },
          });
        } catch (e) {
          if (input.signal.aborted) throw e;
          state.content = before;
          thinking = thoughtBefore;
          if (isPromptTooLong(e) && c) {
            emit({ event: 'step_reset', step, reason: 'prompt_too_long', attempt: compactions + 1 });
            let outcome: 'done' | 'nothing' | 'failed' = 'nothing';
            while (compactions < c.maxAttempts && outcome !== 'done') {
              outcome = await compactNow('reactive', step, ++compactions);
              if (outcome === 'nothing') break;
            }
            if (outcome !== 'done') throw new LlmError(`The conversation does not fit the model's context and could not be compacted further: ${(e as Error).message}`, (e as LlmError).status, 'context_length_exceeded');
            continue;
          }
          if (!transient(e) || ++retries > input.retry.max) throw e;
          emit({ event: 'step_reset', step, reason: (e as LlmError).status === 429 ? 'rate_limit' : 'model_error', attempt: retries });
          await delay(input.retry.baseMs * 2 ** (retries - 1), input.signal);
        }
      }
    };
    const endReasoning = (toolNames?: string[]) => {
      if (thinking) {
        if (input.reasoning?.stream) emit({ event: 'reasoning_summary', step, summary: thinking });
        state.reasoningSteps.push({ step, content: thinking, ...(toolNames ? { tool_calls: toolNames } : {}) });
      } else if (toolNames) state.reasoningSteps.push({ step, tool_calls: toolNames });
    };
    let res = await call(() => messages, offered);
    state.usage = addUsage(state.usage, res.usage);
    const calls: ToolCall[] = offered ? res.toolCalls : [];
    if (!calls.length) {
      // truncated output: ask the model to continue where it stopped, at most MAX_CONTINUATIONS times
      let text = res.content;
      const reasoning = [...res.reasoning ?? []];
      for (let attempt = 1; res.finishReason === 'length' && attempt <= MAX_CONTINUATIONS; attempt++) {
        emit({ event: 'output_recovery', step, attempt });
        const sofar = text;
        res = await call(() => [...messages, { role: 'assistant', content: sofar }, { role: 'user', content: CONTINUE_PROMPT }], undefined);
        state.usage = addUsage(state.usage, res.usage);
        text += res.content;
        reasoning.push(...res.reasoning ?? []);
      }
      const final: ChatMessage = { role: 'assistant', content: text, ...(reasoning.length ? { reasoning } : {}) };
      messages.push(final);
      state.output.push(final);
      state.content = text;
      endReasoning();
      emit({ event: 'step_completed', step, step_number: step, finish_reason: res.finishReason, has_tool_calls: false });
      return;
    }
    state.content = '';
    const assistant: ChatMessage = { role: 'assistant', content: res.content || null, tool_calls: calls, ...(res.reasoning?.length ? { reasoning: res.reasoning } : {}) };
    messages.push(assistant);
    state.output.push(assistant);
    endReasoning(calls.map((c) => c.name));
    for (const c of calls) {
      history.push(`${c.name}\u0000${c.arguments}`);
      const last = history.slice(-DOOM_REPEATS);
      if (last.length === DOOM_REPEATS && last.every((x) => x === last[0])) throw new DoomLoopError(c.name);
    }
    const execute = (c: ToolCall) => executeTool(input, state, byName, step, c);
    const parallel = (!hooks || hooks.empty) && calls.every((c) => byName.get(c.name)?.readOnly);
    const results: ChatMessage[] = [];
    if (parallel) results.push(...await Promise.all(calls.map(execute)));
    else for (const c of calls) results.push(await execute(c));
    messages.push(...results);
    state.output.push(...results);
    emit({ event: 'step_completed', step, step_number: step, finish_reason: res.finishReason, has_tool_calls: true });
  }
}

/** One tool call: `tool_call`, PreToolUse hooks, the tool, PostToolUse hooks, `tool_result`; the tool message for the model. */
async function executeTool(input: LoopInput, state: LoopState, byName: Map<string, AgentTool>, step: number, c: ToolCall): Promise<ChatMessage> {
  const { emit, hooks } = input;
  const { args, error: argError } = parseArgs(c.arguments);
  emit({ event: 'tool_call', step, tool_name: c.name, arguments: argError ? c.arguments : args, call_id: c.id });
  const tool = byName.get(c.name);
  let callArgs = args;
  let result: unknown;
  let error: string | undefined;
  if (!tool) error = `Unknown tool: ${c.name}`;
  else if (argError) error = argError;
  else if (hooks && !hooks.empty) {
    const pre = await hooks.preToolUse(c.name, args);
    if (pre.blocked) error = pre.message;
    else if (pre.input) callArgs = pre.input;
  }
  const started = Date.now();
  if (tool && !error) {
    try {
      const out = await tool.run(callArgs, input.signal);
      result = out.result;
      if (out.retrieved) state.retrieved.push(...out.retrieved);
    } catch (e) {
      if (input.signal.aborted) throw e;
      error = (e as Error).message || 'Tool failed';
    }
    if (!error && hooks && !hooks.empty) {
      const post = await hooks.postToolUse(c.name, callArgs, result);
      if (post.output !== undefined) result = post.output;
    }
  }
  let text = error ? JSON.stringify({ error }) : typeof result === 'string' ? result : JSON.stringify(result ?? null);
  if (tool?.capResult !== false && text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}\n[truncated: ${text.length - MAX_RESULT_CHARS} more characters]`;
  const duration = Date.now() - started;
  const preview = text.slice(0, 200);
  state.toolCalls.push({ step, call_id: c.id, tool_name: c.name, arguments: callArgs, result_preview: preview, status: error ? 'error' : 'success', ...(error ? { error } : {}), duration_ms: duration });
  emit({ event: 'tool_result', step, tool_name: c.name, call_id: c.id, result: error ? { error } : result, result_preview: preview, is_error: !!error, duration_ms: duration });
  return { role: 'tool', tool_call_id: c.id, name: c.name, content: text };
}
