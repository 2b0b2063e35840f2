// The inbox over HTTP as JSON (for Studio and tests): list (optionally by recipient), read one, delete, clear.
import type { FastifyPluginAsync } from 'fastify';
import type { Inbox } from './inbox.ts';

export interface InboxPluginOptions { inbox: Inbox }

export const mailInboxPlugin: FastifyPluginAsync<InboxPluginOptions> = async (app, { inbox }) => {
  app.get('/messages', async (request) => {
    const q = request.query as { to?: string; limit?: string };
    const limit = Math.min(Math.max(Number(q.limit) || 50, 1), 500);
    const all = inbox.listMessages({ to: q.to || undefined });
    return { total: all.length, messages: all.slice(0, limit) };
  });
  app.get('/messages/:id', async (request, reply) => {
    const m = inbox.getMessage((request.params as { id: string }).id);
    if (!m) return reply.code(404).send({ message: 'Message not found' });
    return m;
  });
  app.delete('/messages/:id', async (request, reply) => {
    if (!inbox.deleteMessage((request.params as { id: string }).id)) return reply.code(404).send({ message: 'Message not found' });
    return reply.code(204).send();
  });
  app.delete('/messages', async (_request, reply) => {
    inbox.clear();
    return reply.code(204).send();
  });
};
