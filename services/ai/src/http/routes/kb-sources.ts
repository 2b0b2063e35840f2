// A knowledge base's sources, reindex, build-bm25 and items.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { addSource, buildBm25, cancelKbSource, kbItems, listKbSources, reindexKb, removeKbSource } from '../../kb/kb-sources.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: Record<string, unknown> }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function kbSourceRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/knowledge-bases/:id/sources', async (req: Req) => listKbSources(ctx, req.params.id, req.query));
  app.post('/knowledge-bases/:id/sources', async (req: Req, reply) => reply.code(201).send(await addSource(ctx, req.params.id, obj(req.body))));
  app.post('/knowledge-bases/:id/sources/:isid/cancel', async (req: Req) => cancelKbSource(ctx, req.params.id, req.params.isid));
  app.delete('/knowledge-bases/:id/sources/:isid', async (req: Req) => removeKbSource(ctx, req.params.id, req.params.isid));
  app.post('/knowledge-bases/:id/reindex', async (req: Req) => reindexKb(ctx, req.params.id, obj(req.body)));
  app.post('/knowledge-bases/:id/build-bm25', async (req: Req, reply) => reply.code(202).send(await buildBm25(ctx, req.params.id)));
  app.post('/knowledge-bases/:id/items', async (req: Req) => kbItems(ctx, req.params.id, obj(req.body)));
}
