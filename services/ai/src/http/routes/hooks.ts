// /api/agents/{id}/hooks: create, list, delete an agent's hooks (service role only; hooks are immutable).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { createHook, deleteHook, listHooks } from '../../hooks/store.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function hookRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/agents/:id/hooks', async (req: Req) => listHooks(ctx, req.params.id));
  app.post('/agents/:id/hooks', async (req: Req, reply) => reply.code(201).send(await createHook(ctx, req.params.id, obj(req.body))));
  app.delete('/agents/:id/hooks/:hookId', async (req: Req) => deleteHook(ctx, req.params.id, req.params.hookId));
}
