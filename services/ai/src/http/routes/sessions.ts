// /api/sessions: a session, its messages, runs and a run's retrieved context (owners or the service role).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { deleteSession, getSession, listSessionRuns, retrievedContext, sessionJson, sessionMessages } from '../../agents/sessions.ts';
import { callerOf } from '../caller.ts';
import { CONVERSATION } from './agents.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>;

export function sessionRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/sessions/:sid', CONVERSATION, async (req: Req) => sessionJson(await getSession(ctx, callerOf(req), req.params.sid)));
  app.delete('/sessions/:sid', CONVERSATION, async (req: Req) => {
    await deleteSession(ctx, callerOf(req), req.params.sid);
    return { success: true, message: 'Session deleted' };
  });
  app.get('/sessions/:sid/messages', CONVERSATION, async (req: Req) => sessionMessages(ctx, callerOf(req), req.params.sid, req.query));
  app.get('/sessions/:sid/runs', CONVERSATION, async (req: Req) => listSessionRuns(ctx, callerOf(req), req.params.sid, req.query));
  app.get('/sessions/:sid/runs/:runId/retrieved-context', CONVERSATION, async (req: Req) => retrievedContext(ctx, callerOf(req), req.params.sid, req.params.runId));
}
