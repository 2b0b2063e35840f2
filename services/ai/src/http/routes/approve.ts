// POST /api/agents/runs/{run_id}/approve: decide a tool call an approval hook paused (a conversation route:
// the end user who started the run, or the service role). Body {approved, reason?} → {status: "resumed"}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { approvalsOf } from '../../hooks/approvals.ts';
import { callerOf } from '../caller.ts';
import { CONVERSATION } from './agents.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function approveRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.post('/agents/runs/:runId/approve', CONVERSATION, async (req: Req) => approvalsOf(ctx).decide(callerOf(req), req.params.runId, obj(req.body)));
}
