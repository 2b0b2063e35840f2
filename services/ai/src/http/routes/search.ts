// POST /api/knowledge-bases/{id}/search.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { searchKb } from '../../search/search.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: Record<string, unknown> }>;

export function searchRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.post('/knowledge-bases/:id/search', async (req: Req) =>
    searchKb(ctx, req.params.id, req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}));
}
