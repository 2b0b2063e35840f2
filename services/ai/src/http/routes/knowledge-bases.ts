// /api/knowledge-bases CRUD and /api/config/kb-defaults.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { kbDefaults } from '../../kb/config.ts';
import { createKb, deleteKb, getKb, listKbs, patchKb } from '../../kb/manage.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: Record<string, unknown> }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function kbRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/config/kb-defaults', async () => kbDefaults(await ctx.settings.snapshot()));
  app.get('/knowledge-bases', async (req: Req) => listKbs(ctx, req.query));
  app.post('/knowledge-bases', async (req: Req, reply) => reply.code(201).send(await createKb(ctx, obj(req.body))));
  app.get('/knowledge-bases/:id', async (req: Req) => getKb(ctx, req.params.id));
  app.patch('/knowledge-bases/:id', async (req: Req) => patchKb(ctx, req.params.id, obj(req.body)));
  app.delete('/knowledge-bases/:id', async (req: Req) => deleteKb(ctx, req.params.id));
}
