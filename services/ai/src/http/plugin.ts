// The AI service's /api routes as one Fastify plugin: a guard for every route (pgvector present, service
// role key, or an end user's token on the conversation routes, marked `config: {conversation: true}`), JSON routes in one scope, the multipart upload in a scope whose bodies stay unread streams.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { installErrorHandler } from './errors.ts';
import { sourceRoutes, uploadRoute } from './routes/sources.ts';
import { kbRoutes } from './routes/knowledge-bases.ts';
import { kbSourceRoutes } from './routes/kb-sources.ts';
import { searchRoutes } from './routes/search.ts';
import { settingsRoutes } from './routes/settings.ts';
import { providerKeyRoutes } from './routes/provider-keys.ts';
import { agentConversationRoutes, agentRoutes } from './routes/agents.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { hookRoutes } from './routes/hooks.ts';
import { approveRoutes } from './routes/approve.ts';
import { toolRoutes } from './routes/tools.ts';
import { agentToolRoutes } from './routes/agent-tools.ts';

export interface PluginState {
  /** Null when pgvector is there; otherwise the reason the service answers 503. */
  vectorMissing: () => string | null;
}

type RouteFn = (app: FastifyInstance, ctx: AiContext) => void;

export function aiPlugin(ctx: AiContext, state: PluginState): FastifyPluginAsync {
  return async (app) => {
    installErrorHandler(app, ctx.log);
    app.addHook('onRequest', async (request) => {
      const conversation = (request.routeOptions.config as { conversation?: boolean } | undefined)?.conversation === true;
      if (request.auth?.role !== 'service_role' && !(conversation && request.auth?.role === 'authenticated')) throw raise('service_role_required');
      const missing = state.vectorMissing();
      if (missing) throw raise('vector_unavailable', missing);
    });
    const json: RouteFn[] = [sourceRoutes, kbRoutes, kbSourceRoutes, searchRoutes, settingsRoutes, providerKeyRoutes, agentRoutes,
      agentConversationRoutes, sessionRoutes, toolRoutes, agentToolRoutes, hookRoutes, approveRoutes];
    for (const r of json) r(app, ctx);
    await app.register(async (raw) => {
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser('*', { bodyLimit: ctx.config.maxUploadBytes + 1024 * 1024 }, (_req, payload, done) => done(null, payload));
      uploadRoute(raw, ctx);
    });
  };
}
