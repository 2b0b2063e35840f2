// An LlmProvider for any OpenAI-compatible chat completions endpoint (OpenAI, OpenRouter, Ollama, vLLM,
// LM Studio, the Google compatibility endpoint): plain fetch, SSE parsed as it arrives. Reasoning deltas
// (`reasoning_content` from DeepSeek/vLLM, `reasoning` from OpenRouter/Ollama) are streamed to onReasoning.
import { LlmError, type Completion, type CompletionRequest, type LlmProvider, type ToolCall, type Usage } from './provider.ts';

export interface OpenAiCompatibleOptions { name: string; baseUrl: string; apiKey: string; headers?: Record<string, string> }

function toWire(req: CompletionRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    stream: true,
    stream_options: { include_usage: true },
    messages: req.messages.map((m) => m.role === 'assistant' && m.tool_calls?.length
      ? { role: 'assistant', content: m.content, tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
      : m.role === 'tool' ? { role: 'tool', tool_call_id: m.tool_call_id, content: m.content } : { role: m.role, content: m.content }),
  };
  if (req.tools?.length) body.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.reasoningEffort) body.reasoning_effort = req.reasoningEffort;
  return body;
}

/** Yields the `data:` payloads of an SSE body, one per event. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const part of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(part, { stream: true });
    let i: number;
    while ((i = buf.search(/\r?\n\r?\n/)) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + (buf[i] === '\r' ? 4 : 2));
      const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data) yield data;
    }
  }
  const rest = buf.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
  if (rest) yield rest;
}

export function createOpenAiCompatibleProvider(o: OpenAiCompatibleOptions): LlmProvider {
  const url = `${o.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    name: o.name,
    async complete(req) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${o.apiKey}`, ...o.headers },
          body: JSON.stringify(toWire(req)),
          signal: req.signal,
        });
      } catch (e) {
        if (req.signal?.aborted) throw e;
        throw new LlmError(`${o.name} could not be reached: ${(e as Error).message}`, 0);
      }
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        let msg = text.slice(0, 500);
        let code: string | undefined;
        try { const j = JSON.parse(text); msg = j?.error?.message ?? j?.error ?? msg; code = j?.error?.code ?? undefined; } catch { /* not JSON */ }
        throw new LlmError(`${o.name} answered HTTP ${res.status}: ${typeof msg === 'string' ? msg : JSON.stringify(msg)}`, res.status, code);
      }
      let content = '';
      let reasoning = '';
      let finishReason = 'stop';
      let usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
      const calls: Array<{ id: string; name: string; arguments: string }> = [];
      for await (const data of sseData(res.body)) {
        if (data === '[DONE]') break;
        let j: any;
        try { j = JSON.parse(data); } catch { continue; }
        if (j.error) throw new LlmError(`${o.name} failed mid-stream: ${j.error.message ?? JSON.stringify(j.error)}`, 0, j.error.code);
        if (j.usage) {
          usage = {
            prompt_tokens: j.usage.prompt_tokens ?? 0, completion_tokens: j.usage.completion_tokens ?? 0,
            total_tokens: j.usage.total_tokens ?? (j.usage.prompt_tokens ?? 0) + (j.usage.completion_tokens ?? 0),
            ...(j.usage.completion_tokens_details?.reasoning_tokens !== undefined ? { reasoning_tokens: j.usage.completion_tokens_details.reasoning_tokens } : {}),
            ...(j.usage.prompt_tokens_details?.cached_tokens !== undefined ? { cached_tokens: j.usage.prompt_tokens_details.cached_tokens } : {}),
          };
        }
        const choice = j.choices?.[0];
        if (!choice) continue;
        const d = choice.delta ?? {};
        const think = typeof d.reasoning_content === 'string' ? d.reasoning_content : typeof d.reasoning === 'string' ? d.reasoning : '';
        if (think) { reasoning += think; req.onReasoning?.(think); }
        if (typeof d.content === 'string' && d.content) { content += d.content; req.onText?.(d.content); }
        for (const tc of d.tool_calls ?? []) {
          const idx = typeof tc.index === 'number' ? tc.index : calls.length;
          const c = calls[idx] ??= { id: '', name: '', arguments: '' };
          if (tc.id) c.id = tc.id;
          if (tc.function?.name) c.name += tc.function.name;
          if (tc.function?.arguments) c.arguments += tc.function.arguments;
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      const toolCalls: ToolCall[] = calls.filter(Boolean).map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments || '{}' }));
      return { content, toolCalls, finishReason, usage, ...(reasoning ? { reasoning: [{ text: reasoning }] } : {}) };
    },
  };
}
