// /api/tools: the tools catalogue (builtins listed, custom HTTP tools created, read, updated, deleted). Service role only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { builtinCatalogue, isBuiltin } from '../../tools/builtin/index.ts';
import { createTool, deleteTool, getCustomTool, listTools, toolJson, updateTool } from '../../tools/catalogue.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function toolRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/tools', async () => listTools(ctx));
  app.post('/tools', async (req: Req, reply) => reply.code(201).send(await createTool(ctx, obj(req.body))));
  app.get('/tools/:id', async (req: Req) =>
    isBuiltin(req.params.id) ? builtinCatalogue(ctx).find((t) => t.name === req.params.id) : toolJson(await getCustomTool(ctx, req.params.id)));
  app.put('/tools/:id', async (req: Req) => updateTool(ctx, req.params.id, obj(req.body)));
  app.delete('/tools/:id', async (req: Req) => deleteTool(ctx, req.params.id));
}
