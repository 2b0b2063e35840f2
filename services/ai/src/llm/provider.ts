// The LLM provider port: one streamed chat completion with tool calling and (where the model offers it)
// reasoning. Implementations translate a provider's wire format; the agent loop only sees these types.

export interface ToolCall { id: string; name: string; arguments: string }

/** A piece of model reasoning. `signature` / `redacted` are opaque provider data some APIs need echoed back. */
export interface ReasoningBlock { text: string; signature?: string; redacted?: string }

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[]; reasoning?: ReasoningBlock[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

export interface ToolSpec { name: string; description: string; parameters: Record<string, unknown> }

export interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number; reasoning_tokens?: number; cached_tokens?: number }

export type ReasoningEffort = 'low' | 'medium' | 'high';

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  /** Omitted or empty: the model must answer with text. */
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  /** Ask the model to reason first (OpenAI `reasoning_effort`, Anthropic extended thinking). */
  reasoningEffort?: ReasoningEffort;
  signal?: AbortSignal;
  /** Called for every text delta as it arrives. */
  onText?: (delta: string) => void;
  /** Called for every reasoning delta as it arrives (providers that stream reasoning). */
  onReasoning?: (delta: string) => void;
}

export interface Completion {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: Usage;
  /** The reasoning the model streamed, if any. */
  reasoning?: ReasoningBlock[];
}

export interface LlmProvider {
  readonly name: string;
  complete(req: CompletionRequest): Promise<Completion>;
}

/** A failure answered by the provider (HTTP status) or on the way (status 0). */
export class LlmError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string) { super(message); this.name = 'LlmError'; }
}

const TOO_LONG = /context[_ ]length|context window|prompt is too long|prompt_too_long|too many (input )?tokens|maximum context|input is too long/i;

/** The provider refused the request because the conversation does not fit the model's context. */
export function isPromptTooLong(e: unknown): boolean {
  if (!(e instanceof LlmError)) return false;
  if (e.code === 'context_length_exceeded' || e.code === 'prompt_too_long') return true;
  return (e.status === 400 || e.status === 413 || e.status === 422) && TOO_LONG.test(e.message);
}

export function reasoningText(blocks: ReasoningBlock[] | undefined): string {
  return (blocks ?? []).map((b) => b.text).join('');
}
