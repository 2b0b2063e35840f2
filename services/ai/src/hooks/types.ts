// Hook types: the lifecycle events an agent hook can attach to, what a hook answers, and what one
// execution reports (the `hook_result` stream event).

export const HOOK_EVENTS = ['OnRunStart', 'PreToolUse', 'OnDelegation', 'PostToolUse', 'PreResponse', 'OnRunComplete'] as const;
export const HOOK_TYPES = ['http', 'rule', 'approval'] as const;
export type HookEvent = typeof HOOK_EVENTS[number];

export interface HookRow {
  id: string; agent_id: string | null; orchestration_id: string | null; event: string; matcher: string | null;
  type: string; config: Record<string, unknown>; enabled: boolean; position: number; created_at: Date;
}

/** What a hook decided: allow (default) or deny, optionally with replaced tool input or output. */
export interface HookDecision {
  action: 'allow' | 'deny';
  message?: string;
  modifiedInput?: Record<string, unknown>;
  modifiedOutput?: unknown;
}

export type HookStatus = 'succeeded' | 'failed' | 'timed_out';

export interface HookExecution { status: HookStatus; decision: HookDecision }

/** The subject a hook is called about (the documented HTTP hook body, minus the event name). */
export interface HookSubject {
  toolName: string;
  /** Tool arguments, `{message}` on OnRunStart, `{}` on PreResponse. */
  data: Record<string, unknown>;
  /** The tool result (PostToolUse) or the assembled answer (PreResponse). */
  output?: unknown;
}

export const ALLOW: HookDecision = Object.freeze({ action: 'allow' }) as HookDecision;
