// Pending approvals of this process: a run paused by an `approval` hook waits here until
// POST /agents/runs/{run_id}/approve decides, its timeout passes, or the client goes away. Only the end user
// who started the run, or the service role, may decide; a run started with the service role only by the
// service role. Everyone else (and a run not waiting here) gets 404, as for any run they cannot see.
import type { AiContext } from '../context.ts';
import type { Caller } from '../agents/sessions.ts';
import { raise } from '../errors.ts';

export type ApprovalOutcome = { kind: 'approved' } | { kind: 'rejected'; reason?: string } | { kind: 'timed_out' };

interface Pending { starter: string | null; settle(o: ApprovalOutcome): void }

export class Approvals {
  private readonly pending = new Map<string, Pending>();

  /** Waits for a decision on `runId`; rejects with the signal's reason when the run is aborted. */
  wait(runId: string, starter: Caller, timeoutMs: number, signal: AbortSignal): Promise<ApprovalOutcome> {
    return new Promise((resolve, reject) => {
      const done = () => { clearTimeout(timer); signal.removeEventListener('abort', onAbort); this.pending.delete(runId); };
      const settle = (o: ApprovalOutcome) => { done(); resolve(o); };
      const onAbort = () => { done(); reject(signal.reason ?? new Error('aborted')); };
      const timer = setTimeout(() => settle({ kind: 'timed_out' }), timeoutMs);
      if (signal.aborted) { onAbort(); return; }
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(runId, { starter: starter.kind === 'user' ? starter.userId : null, settle });
    });
  }

  isWaiting(runId: string): boolean { return this.pending.has(runId); }

  decide(caller: Caller, runId: string, body: Record<string, unknown>): { status: 'resumed' } {
    const p = this.pending.get(runId);
    if (!p || (caller.kind === 'user' && p.starter !== caller.userId)) throw raise('approval_not_pending');
    if (typeof body.approved !== 'boolean') throw raise('invalid_request', 'approved must be true or false');
    if (body.reason !== undefined && body.reason !== null && typeof body.reason !== 'string') throw raise('invalid_request', 'reason must be a string');
    p.settle(body.approved ? { kind: 'approved' } : { kind: 'rejected', ...(body.reason ? { reason: body.reason as string } : {}) });
    return { status: 'resumed' };
  }
}

const registry = new WeakMap<AiContext, Approvals>();

/** The approvals of one service instance (its context). */
export function approvalsOf(ctx: AiContext): Approvals {
  let a = registry.get(ctx);
  if (!a) registry.set(ctx, a = new Approvals());
  return a;
}
