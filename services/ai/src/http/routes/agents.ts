// /api/agents: CRUD, knowledge-base assignments, sessions, the sync run, the streamed run (SSE) and run lookup.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { assignKb, createAgent, deleteAgent, getAgent, listAgentKbs, listAgents, unassignKb, updateAgent } from '../../agents/agents.ts';
import { createSession, deleteSession, getRun, listSessions, sessionJson } from '../../agents/sessions.ts';
import { executeSyncRun, prepareRun } from '../../agents/run.ts';
import { callerOf } from '../caller.ts';
import { streamRun } from '../sse.ts';

/** Marks a route an end user's token may call (platform.md §4.1). */
export const CONVERSATION = { config: { conversation: true } };

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown; Querystring: Record<string, unknown> }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

/** Routes only the service role may call. */
export function agentRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/agents', async (req: Req) => listAgents(ctx, req.query));
  app.post('/agents', async (req: Req, reply) => reply.code(201).send(await createAgent(ctx, obj(req.body))));
  app.get('/agents/:id', async (req: Req) => getAgent(ctx, req.params.id));
  app.patch('/agents/:id', async (req: Req) => updateAgent(ctx, req.params.id, obj(req.body)));
  app.delete('/agents/:id', async (req: Req) => deleteAgent(ctx, req.params.id));
  app.get('/agents/:id/knowledge-bases', async (req: Req) => listAgentKbs(ctx, req.params.id));
  app.post('/agents/:id/knowledge-bases', async (req: Req, reply) => reply.code(201).send(await assignKb(ctx, req.params.id, obj(req.body))));
  app.delete('/agents/:id/knowledge-bases/:aid', async (req: Req) => unassignKb(ctx, req.params.id, req.params.aid));
}

/** Conversation routes: the service role, or an end user for their own sessions and runs. */
export function agentConversationRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/agents/:id/sessions', CONVERSATION, async (req: Req) => listSessions(ctx, callerOf(req), req.params.id, req.query));
  app.post('/agents/:id/sessions', CONVERSATION, async (req: Req, reply) =>
    reply.code(201).send(sessionJson(await createSession(ctx, callerOf(req), req.params.id, obj(req.body)))));
  app.delete('/agents/:id/sessions/:sid', CONVERSATION, async (req: Req, reply) => {
    const agent = await getAgent(ctx, req.params.id);
    await deleteSession(ctx, callerOf(req), req.params.sid, agent.id);
    return reply.code(204).send();
  });
  app.post('/agents/:id/run', CONVERSATION, async (req: Req) => {
    const caller = callerOf(req);
    return executeSyncRun(ctx, await prepareRun(ctx, caller, req.params.id, obj(req.body), { tools: false }));
  });
  app.post('/agents/:id/run/stream', CONVERSATION, async (req: Req, reply) => streamRun(ctx, callerOf(req), req.params.id, obj(req.body), req, reply));
  app.get('/agents/runs/:runId', CONVERSATION, async (req: Req) => getRun(ctx, callerOf(req), req.params.runId));
}
