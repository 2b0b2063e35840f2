// REST broadcast: POST /api/broadcast (a batch) and POST /api/broadcast/:topic/events/:event (one message,
// JSON or raw bytes). 202 with no body. Private messages are delivered only if the caller passes the
// realtime.messages INSERT policy for the topic (service_role always); otherwise silently not (still 202).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthInfo } from '@powabase/core';
import type { RealtimeCore } from '../realtime.ts';
import { realtimeErrors, type RealtimeErrorCode } from '../errors.ts';
import { hubTopicOf } from '../channel/channel.ts';
import { payloadBytes } from '../channel/broadcast.ts';
import { writePolicy } from '../db/authorize.ts';
import { persistMessage } from '../db/messages.ts';
import { emit } from '../log-events.ts';
import { authOf, queryString } from './auth.ts';

interface Outgoing { topic: string; event: string; payload: unknown; isPrivate: boolean; id?: string }

function fail(reply: FastifyReply, code: RealtimeErrorCode, details?: unknown) {
  const e = realtimeErrors.table[code];
  return reply.code(e.status).type('application/json').send({ message: e.message, ...(details ? { errors: details } : {}) });
}

/** Validates the batch body; returns the messages or the list of problems. */
function parseBatch(body: unknown): Outgoing[] | string[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return ['messages: can\'t be blank'];
  const errors: string[] = [];
  const out: Outgoing[] = [];
  messages.forEach((m, i) => {
    const o = (m && typeof m === 'object' ? m : {}) as Record<string, unknown>;
    if (typeof o.topic !== 'string' || !o.topic) errors.push(`messages[${i}].topic: can't be blank`);
    if (typeof o.event !== 'string' || !o.event) errors.push(`messages[${i}].event: can't be blank`);
    if (!o.payload || typeof o.payload !== 'object' || Array.isArray(o.payload)) errors.push(`messages[${i}].payload: is invalid`);
    out.push({ topic: String(o.topic), event: String(o.event), payload: o.payload, isPrivate: o.private === true, ...(typeof o.id === 'string' ? { id: o.id } : {}) });
  });
  return errors.length ? errors : out;
}

async function allowedPrivate(core: RealtimeCore, auth: AuthInfo, topic: string, cache: Map<string, boolean>): Promise<boolean> {
  if (auth.role === 'service_role') return true;
  let ok = cache.get(topic);
  if (ok === undefined) {
    ok = await writePolicy(core.deps.db, { topic, role: auth.role, claims: auth.claims }, 'broadcast').catch((e: Error) => {
      emit(core.log, { event: 'authorization_failed', topic, error: e.message });
      return false;
    });
    cache.set(topic, ok);
  }
  return ok;
}

async function deliver(core: RealtimeCore, auth: AuthInfo, messages: Outgoing[]): Promise<void> {
  const cache = new Map<string, boolean>();
  for (const m of messages) {
    if (m.isPrivate && !(await allowedPrivate(core, auth, m.topic, cache))) continue;
    core.hub.broadcast(hubTopicOf(m.topic, m.isPrivate), m.topic, { event: m.event, payload: m.payload, ...(m.id ? { meta: { id: m.id } } : {}) });
  }
}

async function readBytes(body: unknown, limit: number): Promise<Buffer | null> {
  if (Buffer.isBuffer(body)) return body;
  if (!body || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) return null;
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

export function broadcastRoutes(app: FastifyInstance, core: RealtimeCore): void {
  app.post('/api/broadcast', async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseBatch(request.body);
    if (typeof parsed[0] === 'string') return fail(reply, 'invalid_broadcast', parsed);
    const messages = parsed as Outgoing[];
    if (messages.some((m) => payloadBytes(m.payload) > core.config.maxPayloadBytes)) return fail(reply, 'payload_too_large');
    if (messages.length > core.config.maxMessagesPerSecond) return fail(reply, 'batch_too_large');
    if (!core.messageRate.take(messages.length)) return fail(reply, 'rate_limited');
    await deliver(core, authOf(request), messages);
    return reply.code(202).send();
  });

  app.post('/api/broadcast/:topic/events/:event', async (request: FastifyRequest, reply: FastifyReply) => {
    const { topic, event } = request.params as { topic: string; event: string };
    const isPrivate = queryString(request, 'private') === 'true';
    const persist = queryString(request, 'persist') === 'true' || queryString(request, 'persist[ttl]') !== undefined;
    const binary = !String(request.headers['content-type'] ?? '').includes('json');
    const payload = binary ? await readBytes(request.body, core.config.maxPayloadBytes) : (request.body ?? {});
    if (payload === null || payloadBytes(payload) > core.config.maxPayloadBytes) return fail(reply, 'payload_too_large');
    if (!core.messageRate.take()) return fail(reply, 'rate_limited');
    const auth = authOf(request);
    if (persist && isPrivate) {
      if (!(await allowedPrivate(core, auth, topic, new Map()))) return reply.code(202).send();
      // delivered by the change feed once the insert commits, with meta.id
      await persistMessage(core.deps.db, { topic, event, payload, binary: Buffer.isBuffer(payload) ? payload : null, isPrivate });
      return reply.code(202).send();
    }
    await deliver(core, auth, [{ topic, event, payload, isPrivate }]);
    return reply.code(202).send();
  });
}
