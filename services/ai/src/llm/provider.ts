// The LLM provider port: one streamed chat completion with tool calling. Implementations translate a
// provider's wire format; the agent loop only sees these types.

export interface ToolCall { id: string; name: string; arguments: string }

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

export interface ToolSpec { name: string; description: string; parameters: Record<string, unknown> }

export interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number; reasoning_tokens?: number; cached_tokens?: number }

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  /** Omitted or empty: the model must answer with text. */
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Called for every text delta as it arrives. */
  onText?: (delta: string) => void;
}

export interface Completion {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: Usage;
}

export interface LlmProvider {
  readonly name: string;
  complete(req: CompletionRequest): Promise<Completion>;
}

/** A failure answered by the provider (HTTP status) or on the way (status 0). */
export class LlmError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string) { super(message); this.name = 'LlmError'; }
}
