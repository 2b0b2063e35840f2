// An LlmProvider over Anthropic's Messages API (`@anthropic-ai/sdk`, streamed): text, tool use, and extended
// thinking (streamed to onReasoning; signed thinking blocks are echoed back on later turns, as the API requires).
// System messages become the `system` parameter; tool results travel as user `tool_result` blocks.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, MessageCreateParamsStreaming, ContentBlockParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { LlmError, type ChatMessage, type Completion, type CompletionRequest, type LlmProvider, type ReasoningBlock, type ReasoningEffort, type ToolCall, type Usage } from './provider.ts';

export interface AnthropicOptions { baseUrl: string; apiKey: string; name?: string }

const DEFAULT_MAX_TOKENS = 4096;
const THINKING_BUDGET: Record<ReasoningEffort, number> = { low: 1024, medium: 4096, high: 16_384 };
const FINISH: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };

function parseInput(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch { return {}; }
}

function assistantBlocks(m: Extract<ChatMessage, { role: 'assistant' }>): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  for (const r of m.reasoning ?? []) {
    if (r.redacted) blocks.push({ type: 'redacted_thinking', data: r.redacted });
    else if (r.signature) blocks.push({ type: 'thinking', thinking: r.text, signature: r.signature });
  }
  if (m.content) blocks.push({ type: 'text', text: m.content });
  for (const c of m.tool_calls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseInput(c.arguments) });
  return blocks;
}

/** Chat messages → Anthropic's `system` + alternating messages (consecutive same-role turns are merged). */
export function toAnthropicMessages(messages: ChatMessage[]): { system?: string; messages: MessageParam[] } {
  const system: string[] = [];
  const out: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (!blocks.length) return;
    const last = out.at(-1);
    if (last && last.role === role) (last.content as ContentBlockParam[]).push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'system') system.push(m.content);
    else if (m.role === 'user') push('user', m.content ? [{ type: 'text', text: m.content }] : []);
    else if (m.role === 'assistant') push('assistant', assistantBlocks(m));
    else if (m.role === 'tool') push('user', [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: m.content } satisfies ToolResultBlockParam]);
  }
  return { ...(system.length ? { system: system.join('\n\n') } : {}), messages: out };
}

function toParams(req: CompletionRequest): MessageCreateParamsStreaming {
  const { system, messages } = toAnthropicMessages(req.messages);
  const budget = req.reasoningEffort ? THINKING_BUDGET[req.reasoningEffort] : 0;
  const params: MessageCreateParamsStreaming = {
    model: req.model, stream: true, messages, max_tokens: (req.maxTokens ?? DEFAULT_MAX_TOKENS) + budget,
    ...(system ? { system } : {}),
  };
  if (req.tools?.length) params.tools = req.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as never }));
  // the current Messages API has no sampling temperature, so req.temperature is not sent
  if (budget) params.thinking = { type: 'enabled', budget_tokens: budget };
  return params;
}

function toLlmError(e: unknown, name: string): LlmError {
  if (e instanceof Anthropic.APIConnectionError) return new LlmError(`${name} could not be reached: ${e.message}`, 0);
  if (e instanceof Anthropic.APIError) {
    const body = e.error as { error?: { type?: string; message?: string } } | undefined;
    const msg = e.apiMessage ?? body?.error?.message ?? e.message;
    const code = e.type ?? body?.error?.type ?? undefined;
    return e.status ? new LlmError(`${name} answered HTTP ${e.status}: ${msg}`, e.status, code)
      : new LlmError(`${name} failed mid-stream: ${msg}`, 0, code);
  }
  return new LlmError(`${name} failed: ${(e as Error)?.message ?? String(e)}`, 0);
}

export function createAnthropicProvider(o: AnthropicOptions): LlmProvider {
  const name = o.name ?? 'anthropic';
  // the SDK appends /v1/messages itself; our configured base carries the /v1
  const client = new Anthropic({ apiKey: o.apiKey, baseURL: o.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, ''), maxRetries: 0 });
  return {
    name,
    async complete(req): Promise<Completion> {
      let content = '';
      let finishReason = 'stop';
      let input = 0;
      let cached: number | undefined;
      let output = 0;
      const reasoning: ReasoningBlock[] = [];
      const blocks = new Map<number, { kind: 'text' | 'tool' | 'thinking' | 'other'; call?: ToolCall; think?: ReasoningBlock }>();
      try {
        const stream = await client.messages.create(toParams(req), { signal: req.signal });
        for await (const ev of stream) {
          if (ev.type === 'message_start') {
            const u = ev.message.usage;
            input = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
            if (u.cache_read_input_tokens != null) cached = u.cache_read_input_tokens;
            output = u.output_tokens ?? 0;
          } else if (ev.type === 'content_block_start') {
            const b = ev.content_block;
            if (b.type === 'text') {
              blocks.set(ev.index, { kind: 'text' });
              if (b.text) { content += b.text; req.onText?.(b.text); }
            } else if (b.type === 'tool_use') blocks.set(ev.index, { kind: 'tool', call: { id: b.id, name: b.name, arguments: '' } });
            else if (b.type === 'thinking') {
              const think: ReasoningBlock = { text: b.thinking ?? '' };
              reasoning.push(think);
              blocks.set(ev.index, { kind: 'thinking', think });
              if (think.text) req.onReasoning?.(think.text);
            } else if (b.type === 'redacted_thinking') reasoning.push({ text: '', redacted: b.data });
            else blocks.set(ev.index, { kind: 'other' });
          } else if (ev.type === 'content_block_delta') {
            const at = blocks.get(ev.index);
            const d = ev.delta;
            if (d.type === 'text_delta') { content += d.text; req.onText?.(d.text); }
            else if (d.type === 'input_json_delta' && at?.call) at.call.arguments += d.partial_json;
            else if (d.type === 'thinking_delta' && at?.think) { at.think.text += d.thinking; req.onReasoning?.(d.thinking); }
            else if (d.type === 'signature_delta' && at?.think) at.think.signature = (at.think.signature ?? '') + d.signature;
          } else if (ev.type === 'message_delta') {
            if (ev.delta.stop_reason) finishReason = FINISH[ev.delta.stop_reason] ?? ev.delta.stop_reason;
            if (ev.usage?.output_tokens != null) output = ev.usage.output_tokens;
          }
        }
      } catch (e) {
        if (req.signal?.aborted) throw req.signal.reason ?? e;
        throw toLlmError(e, name);
      }
      const toolCalls = [...blocks.entries()].sort(([a], [b]) => a - b).flatMap(([, b]) => b.call ? [{ ...b.call, arguments: b.call.arguments || '{}' }] : []);
      const usage: Usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, ...(cached !== undefined ? { cached_tokens: cached } : {}) };
      return { content, toolCalls, finishReason, usage, ...(reasoning.length ? { reasoning } : {}) };
    },
  };
}
