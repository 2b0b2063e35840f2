// LLM calls of the LLM-built strategies and search steps: resolve a model (BYOK or platform key), one
// text completion, JSON answers parsed leniently (code fences, prose around the JSON) with retries, and
// a concurrency cap for fan-out (PAGEINDEX_LLM_MAX_CONCURRENT). Errors are classified for the job queue.
import { isPowabaseError } from '@powabase/core';
import type { AiContext } from '../../context.ts';
import { LlmError, type ChatMessage, type Usage } from '../../llm/provider.ts';
import { resolveModel, type ResolvedModel } from '../../llm/resolve.ts';
import { PermanentJobError } from '../../jobs/worker.ts';

const REASONING = /^(o\d|gpt-5)/i;

export interface LlmCall { system: string; user: string; maxTokens?: number; temperature?: number; signal?: AbortSignal }

/** Accumulated usage of one indexing run, reported in the indexed source's stats as `llm_costs`. */
export class LlmMeter {
  calls = 0;
  prompt_tokens = 0;
  completion_tokens = 0;
  add(u: Usage): void { this.calls++; this.prompt_tokens += u.prompt_tokens; this.completion_tokens += u.completion_tokens; }
  toJSON() { return { calls: this.calls, prompt_tokens: this.prompt_tokens, completion_tokens: this.completion_tokens }; }
}

export class Llm {
  private constructor(readonly model: string, private readonly resolved: ResolvedModel, readonly meter: LlmMeter) {}

  static async open(ctx: AiContext, model: string, meter = new LlmMeter()): Promise<Llm> {
    return new Llm(model, await resolveModel(ctx, model), meter);
  }

  async text(call: LlmCall): Promise<string> {
    const messages: ChatMessage[] = [{ role: 'system', content: call.system }, { role: 'user', content: call.user }];
    // Reasoning models (o-series, gpt-5…) refuse a temperature other than 1 and `max_tokens`: send neither.
    const reasoning = REASONING.test(this.resolved.model);
    const r = await this.resolved.llm.complete({
      model: this.resolved.model, messages, signal: call.signal,
      ...(reasoning ? {} : { maxTokens: call.maxTokens, temperature: call.temperature }),
    });
    this.meter.add(r.usage);
    return r.content.trim();
  }

  /** A JSON answer; a reply that does not parse is asked again (up to `retries` more times). */
  async json<T>(call: LlmCall, check: (v: unknown) => T | null, retries = 2): Promise<T> {
    let last = '';
    for (let i = 0; i <= retries; i++) {
      last = await this.text(i ? { ...call, user: `${call.user}\n\nYour previous answer was not valid JSON of the requested shape. Answer with the JSON only.` } : call);
      const v = check(parseJsonLoose(last));
      if (v !== null) return v;
    }
    throw new LlmJsonError(`The model '${this.model}' did not answer valid JSON of the requested shape (got: ${last.slice(0, 200)})`);
  }
}

/** The model kept answering something that is not the requested JSON (callers may fall back). */
export class LlmJsonError extends LlmError {
  constructor(message: string) { super(message, 0, 'invalid_json'); this.name = 'LlmJsonError'; }
}

/** The first JSON value in a reply: the whole text, a fenced block, or the outermost {...} / [...]. */
export function parseJsonLoose(text: string): unknown {
  const tryParse = (s: string): unknown => { try { return JSON.parse(s); } catch { return undefined; } };
  const whole = tryParse(text.trim());
  if (whole !== undefined) return whole;
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence) { const v = tryParse(fence[1].trim()); if (v !== undefined) return v; }
  for (const [open, close] of [['{', '}'], ['[', ']']]) {
    const a = text.indexOf(open);
    const b = text.lastIndexOf(close);
    if (a >= 0 && b > a) { const v = tryParse(text.slice(a, b + 1)); if (v !== undefined) return v; }
  }
  return undefined;
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); } };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Missing keys, unknown models and 4xx answers (but 408/429) do not get better by retrying the job. */
export function permanentLlmError(e: unknown): PermanentJobError | null {
  if (isPowabaseError(e) && ['llm_key_missing', 'llm_provider_missing', 'provider_key_missing', 'provider_key_decrypt_failed', 'invalid_config'].includes(e.code)) {
    return new PermanentJobError(e.message);
  }
  if (e instanceof LlmError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) return new PermanentJobError(e.message);
  return null;
}
