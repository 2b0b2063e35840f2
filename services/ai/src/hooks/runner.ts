// Runs an agent's hooks at the loop's lifecycle boundaries. Per event, the enabled hooks (tool events:
// those whose matcher is empty or names the tool) run in position order; the first deny stops the chain
// and blocks where the event can block (OnRunStart, PreToolUse, OnDelegation, PreResponse); PreToolUse may
// replace the arguments, PostToolUse and PreResponse the output. Each execution is reported as a
// `hook_result` event. OnRunComplete is fire-and-forget. Unknown events or types never fire.
import type { AiContext } from '../context.ts';
import type { Caller } from '../agents/sessions.ts';
import { approvalsOf } from './approvals.ts';
import { runHttpHook } from './http-hook.ts';
import { evaluateRules } from './rule-hook.ts';
import { ALLOW, type HookExecution, type HookRow, type HookSubject } from './types.ts';

type Emit = (e: Record<string, unknown> & { event: string }) => void;

export interface HookRunnerOptions {
  ctx: AiContext;
  hooks: HookRow[];
  runId: string;
  /** Who started the run: the only end user who may approve its tool calls. */
  starter: Caller;
  signal: AbortSignal;
  emit: Emit;
  /** Default wait for an approval when the hook's config has no `timeout` (seconds). */
  approvalTimeoutMs: number;
  /** The run starts (true) or stops (false) waiting for an approval: the run row's status follows. */
  onAwaiting(waiting: boolean): Promise<void>;
}

export interface HookOutcome { blocked: boolean; message?: string; input?: Record<string, unknown>; output?: unknown; modified: boolean }

const BLOCKING = new Set(['OnRunStart', 'PreToolUse', 'OnDelegation', 'PreResponse']);
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'OnDelegation']);
const OUTPUT_EVENTS = new Set(['PostToolUse', 'PreResponse']);

export class HookRunner {
  constructor(private readonly o: HookRunnerOptions) {}

  get empty(): boolean { return this.o.hooks.length === 0; }

  onRunStart(message: string) { return this.fire('OnRunStart', { toolName: '', data: { message } }); }
  preToolUse(toolName: string, args: Record<string, unknown>) { return this.fire('PreToolUse', { toolName, data: args }); }
  postToolUse(toolName: string, args: Record<string, unknown>, output: unknown) { return this.fire('PostToolUse', { toolName, data: args, output }); }
  preResponse(content: string) { return this.fire('PreResponse', { toolName: '', data: {}, output: content }); }

  /** Fire-and-forget: nothing waits for it and nothing is streamed (the stream has ended). */
  onRunComplete(data: Record<string, unknown>): void {
    const quiet = new HookRunner({ ...this.o, emit: () => {} });
    quiet.fire('OnRunComplete', { toolName: '', data }).catch(() => {});
  }

  async fire(event: string, subject: HookSubject): Promise<HookOutcome> {
    const s: HookSubject = { ...subject };
    const out: HookOutcome = { blocked: false, modified: false };
    for (const hook of this.o.hooks) {
      if (hook.event !== event) continue;
      if (TOOL_EVENTS.has(event) && hook.matcher && hook.matcher !== s.toolName) continue;
      const started = Date.now();
      const exec = await this.execute(hook, event, s);
      if (!exec) continue;
      const d = exec.decision;
      let modified = false;
      if (event === 'PreToolUse' && d.modifiedInput) { s.data = d.modifiedInput; out.input = d.modifiedInput; modified = true; }
      if (OUTPUT_EVENTS.has(event) && d.modifiedOutput !== undefined) { s.output = d.modifiedOutput; out.output = d.modifiedOutput; modified = true; }
      const blocked = d.action === 'deny' && BLOCKING.has(event);
      out.modified ||= modified;
      this.o.emit({ event: 'hook_result', hook_id: hook.id, position: hook.position, hook_event: event, hook_type: hook.type, status: exec.status,
        modified, blocked, latency_ms: Date.now() - started, message: d.message ?? null });
      if (blocked) return { ...out, blocked: true, message: d.message || 'Blocked by hook' };
    }
    return out;
  }

  private async execute(hook: HookRow, event: string, s: HookSubject): Promise<HookExecution | null> {
    const config = hook.config ?? {};
    if (hook.type === 'http') return runHttpHook(this.o.ctx, hook, event, s, this.o.signal);
    if (hook.type === 'rule') return { status: 'succeeded', decision: evaluateRules(config, OUTPUT_EVENTS.has(event) ? { output: s.output } : s.data) };
    if (hook.type === 'approval' && BLOCKING.has(event)) return this.approval(hook, s);
    return null;
  }

  private async approval(hook: HookRow, s: HookSubject): Promise<HookExecution> {
    const config = hook.config ?? {};
    const ms = typeof config.timeout === 'number' && config.timeout > 0 ? config.timeout * 1000 : this.o.approvalTimeoutMs;
    const wait = approvalsOf(this.o.ctx).wait(this.o.runId, this.o.starter, ms, this.o.signal);
    this.o.emit({ event: 'approval_requested', tool_name: s.toolName, tool_input: s.data, run_id: this.o.runId,
      message: typeof config.message === 'string' ? config.message : null, timeout_seconds: ms / 1000 });
    await this.o.onAwaiting(true);
    const outcome = await wait;
    await this.o.onAwaiting(false);
    if (outcome.kind === 'approved') return { status: 'succeeded', decision: ALLOW };
    if (outcome.kind === 'timed_out') return { status: 'timed_out', decision: { action: 'deny', message: 'Approval timed out' } };
    return { status: 'succeeded', decision: { action: 'deny', message: outcome.reason ? `Denied by user: ${outcome.reason}` : 'Denied by user' } };
  }
}
