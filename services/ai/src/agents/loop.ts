// The ReAct loop of a streamed run: each step is one LLM call; tool calls are executed (read-only ones in
// parallel, others in order) and fed back; on the last step tools are withheld so the model must answer.
// Transient LLM failures are retried (`step_reset` tells the client to drop the step's partial text).
// Truncated answers (finish_reason length) are continued up to 3 times. Doom loop: the same tool with identical arguments 3 times in a row ends the run. Every step is emitted.
import { setTimeout as sleep } from 'node:timers/promises';
import { LlmError, type ChatMessage, type LlmProvider, type ToolCall, type Usage } from '../llm/provider.ts';
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
}

export interface ToolCallRecord {
  step: number; call_id: string; tool_name: string; arguments: unknown; result_preview: string;
  status: 'success' | 'error'; error?: string; duration_ms: number;
}

export interface LoopState {
  content: string;
  steps: number;
  usage: Usage;
  toolCalls: ToolCallRecord[];
  /** The assistant and tool messages the run added to the conversation. */
  output: ChatMessage[];
  retrieved: Array<Record<string, unknown>>;
}

export class DoomLoopError extends Error {
  constructor(readonly toolName: string) { super(`Doom loop detected: ${toolName} was called ${DOOM_REPEATS} times in a row with identical arguments`); }
}

function addUsage(a: Usage, b: Usage): Usage {
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
  const { llm, tools, emit } = input;
  const byName = new Map(tools.map((t) => [t.spec.name, t]));
  const messages = [...input.messages];
  const history: string[] = [];
  for (let step = 1; step <= input.maxSteps; step++) {
    const isLast = step === input.maxSteps;
    state.steps = step;
    emit({ event: 'step_started', step, step_number: step, is_last_step: isLast });
    const offered = isLast || !tools.length ? undefined : tools.map((t) => t.spec);
    const call = async (msgs: ChatMessage[], withTools: typeof offered) => {
      for (let attempt = 1; ; attempt++) {
        const before = state.content;
        try {
          return await llm.complete({
            model: input.model, messages: msgs, tools: withTools, temperature: input.temperature, signal: input.signal,
            onText: (delta) => { state.content += delta; emit({ event: 'chunk', content: delta, step }); },
          });
        } catch (e) {
          if (input.signal.aborted || !transient(e) || attempt > input.retry.max) throw e;
          state.content = before;
          emit({ event: 'step_reset', step, reason: (e as LlmError).status === 429 ? 'rate_limit' : 'model_error', attempt });
          await delay(input.retry.baseMs * 2 ** (attempt - 1), input.signal);
        }
      }
    };
    let res = await call(messages, offered);
    state.usage = addUsage(state.usage, res.usage);
    const calls: ToolCall[] = offered ? res.toolCalls : [];
    if (!calls.length) {
      // truncated output: ask the model to continue where it stopped, at most MAX_CONTINUATIONS times
      let text = res.content;
      for (let attempt = 1; res.finishReason === 'length' && attempt <= MAX_CONTINUATIONS; attempt++) {
        emit({ event: 'output_recovery', step, attempt });
        res = await call([...messages, { role: 'assistant', content: text }, { role: 'user', content: CONTINUE_PROMPT }], undefined);
        state.usage = addUsage(state.usage, res.usage);
        text += res.content;
      }
      const final: ChatMessage = { role: 'assistant', content: text };
      messages.push(final);
      state.output.push(final);
      state.content = text;
      emit({ event: 'step_completed', step, step_number: step, finish_reason: res.finishReason, has_tool_calls: false });
      return;
    }
    state.content = '';
    const assistant: ChatMessage = { role: 'assistant', content: res.content || null, tool_calls: calls };
    messages.push(assistant);
    state.output.push(assistant);
    for (const c of calls) {
      history.push(`${c.name}\u0000${c.arguments}`);
      const last = history.slice(-DOOM_REPEATS);
      if (last.length === DOOM_REPEATS && last.every((x) => x === last[0])) throw new DoomLoopError(c.name);
    }
    const execute = async (c: ToolCall): Promise<ChatMessage> => {
      const { args, error: argError } = parseArgs(c.arguments);
      emit({ event: 'tool_call', step, tool_name: c.name, arguments: argError ? c.arguments : args, call_id: c.id });
      const started = Date.now();
      const tool = byName.get(c.name);
      let result: unknown;
      let error: string | undefined;
      if (!tool) error = `Unknown tool: ${c.name}`;
      else if (argError) error = argError;
      else {
        try {
          const out = await tool.run(args, input.signal);
          result = out.result;
          if (out.retrieved) state.retrieved.push(...out.retrieved);
        } catch (e) {
          if (input.signal.aborted) throw e;
          error = (e as Error).message || 'Tool failed';
        }
      }
      let text = error ? JSON.stringify({ error }) : typeof result === 'string' ? result : JSON.stringify(result ?? null);
      if (tool?.capResult !== false && text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}\n[truncated: ${text.length - MAX_RESULT_CHARS} more characters]`;
      const duration = Date.now() - started;
      const preview = text.slice(0, 200);
      state.toolCalls.push({ step, call_id: c.id, tool_name: c.name, arguments: args, result_preview: preview, status: error ? 'error' : 'success', ...(error ? { error } : {}), duration_ms: duration });
      emit({ event: 'tool_result', step, tool_name: c.name, call_id: c.id, result: error ? { error } : result, result_preview: preview, is_error: !!error, duration_ms: duration });
      return { role: 'tool', tool_call_id: c.id, name: c.name, content: text };
    };
    const parallel = calls.every((c) => byName.get(c.name)?.readOnly);
    const results: ChatMessage[] = [];
    if (parallel) results.push(...await Promise.all(calls.map(execute)));
    else for (const c of calls) results.push(await execute(c));
    messages.push(...results);
    state.output.push(...results);
    emit({ event: 'step_completed', step, step_number: step, finish_reason: res.finishReason, has_tool_calls: true });
  }
}
