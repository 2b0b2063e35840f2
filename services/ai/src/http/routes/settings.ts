// /api/settings: the typed registry (GET), bulk update (PUT), revert one key (DELETE), reset a category.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { raise } from '../../errors.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: Record<string, unknown> }>;

export function settingsRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/settings', async () => ctx.settings.list());
  app.put('/settings', async (req: Req) => {
    if (!req.body || typeof req.body !== 'object' || !('settings' in req.body)) throw raise('invalid_request', 'Body must be {"settings": {KEY: value}}');
    return ctx.settings.update(req.body.settings);
  });
  app.delete('/settings/:key', async (req: Req) => ctx.settings.reset(req.params.key));
  app.post('/settings/reset-category', async (req: Req) => ctx.settings.resetCategory(req.body?.category));
}
