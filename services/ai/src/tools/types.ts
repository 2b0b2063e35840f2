// Shared types of agent tools: what a tool offers the loop, and the identity a run's tools act as.
import type { ToolSpec } from '../llm/provider.ts';
import type { Caller } from '../agents/sessions.ts';

export interface ToolOutput { result: unknown; retrieved?: Array<Record<string, unknown>> }

export interface AgentTool {
  spec: ToolSpec;
  /** Concurrency-safe and side-effect free: may run in parallel with other read-only calls. */
  readOnly: boolean;
  /** Results longer than the loop's cap are truncated unless this is false. */
  capResult: boolean;
  run(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutput>;
}

export type { Caller };

/** A tool failure the model should see as its result (missing key, bad arguments, HTTP error, timeout). */
export class ToolError extends Error {
  constructor(message: string) { super(message); this.name = 'ToolError'; }
}

/** An agent_tools row. */
export interface Assignment {
  id: string; agent_id: string; tool_id: string | null; tool_type: string; tool_name: string;
  config_override: Record<string, unknown> | null; created_at: Date;
}

/** A custom tool row (ai.tools). */
export interface CustomToolRow {
  id: string; name: string; description: string; type: string; input_schema: Record<string, unknown>;
  config: Record<string, unknown> | null; created_at: Date; updated_at: Date;
}

export const HTTP_OUTPUT_CHARS = 10_000;

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n[truncated: ${text.length - max} more characters]` : text;
}

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
