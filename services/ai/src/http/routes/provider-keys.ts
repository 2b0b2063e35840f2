// /api/ai-provider-keys: BYOK keys (never returned in clear), batch upsert, validate, platform_supported.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { raise } from '../../errors.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: Record<string, unknown> }>;
const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

export function providerKeyRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/ai-provider-keys', async () => ctx.keys.list());
  app.get('/ai-provider-keys/platform_supported', async () => ctx.keys.platformSupported());
  app.post('/ai-provider-keys', async (req: Req, reply) => {
    const b = obj(req.body);
    const { created, key } = await ctx.keys.save(b.provider, b.api_key);
    return reply.code(created ? 201 : 200).send(key);
  });
  app.put('/ai-provider-keys', async (req: Req) => ctx.keys.saveBatch(obj(req.body)));
  app.post('/ai-provider-keys/validate', async (req: Req) => {
    const b = obj(req.body);
    const v = await ctx.keys.validate(b.provider, b.api_key);
    return { is_valid: v.is_valid, ...(v.error ? { error: v.error } : {}) };
  });
  app.delete('/ai-provider-keys/:provider', async (req: Req, reply) => {
    if (!req.params.provider) throw raise('invalid_request', 'provider is required');
    await ctx.keys.remove(req.params.provider);
    return reply.code(204).send();
  });
}
