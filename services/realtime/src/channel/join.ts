// phx_join: topic and limits, the token (access_token, else the socket's apikey), private-channel read
// policies, replay, postgres_changes subscriptions; then the ok reply and the pushes that follow it
// (presence_state, replayed messages, the postgres_changes system message).
import { randomUUID } from 'node:crypto';
import type { Frame } from '../protocol/frame.ts';
import type { RealtimeCore } from '../realtime.ts';
import type { Connection } from '../socket/connection.ts';
import { emit } from '../log-events.ts';
import { JOIN_ERRORS, unauthorizedTopic } from '../errors.ts';
import { readPolicies } from '../db/authorize.ts';
import { replayMessages } from '../db/messages.ts';
import { prepareSubscriptions, type SubscribeOutcome } from '../postgres/subscribe.ts';
import { subscriptionId } from '../postgres/subscriptions.ts';
import { Channel, type Policies } from './channel.ts';
import { checkToken } from './token.ts';
import { armExpiry } from './access-token.ts';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

interface Replay { since: number; limit: number }

function replayOf(broadcast: Record<string, unknown>, max: number): Replay | null | 'invalid' {
  if (broadcast.replay === undefined || broadcast.replay === null) return null;
  const r = obj(broadcast.replay);
  const since = r.since === undefined ? 0 : r.since;
  const limit = r.limit === undefined ? max : r.limit;
  if (typeof since !== 'number' || typeof limit !== 'number' || limit < 1) return 'invalid';
  return { since, limit: Math.min(Math.floor(limit), max) };
}

export async function handleJoin(core: RealtimeCore, conn: Connection, f: Frame): Promise<void> {
  const topic = f.topic;
  const refuse = (reason: string) => {
    emit(core.log, { event: 'join_refused', conn: conn.id, topic: topic.slice(0, 200), reason });
    conn.reply(f.joinRef, f.ref, topic, 'error', { reason });
  };
  if (!topic.startsWith('realtime:')) return refuse('unmatched topic');
  const subTopic = topic.slice('realtime:'.length);
  if (!subTopic) return refuse(JOIN_ERRORS.topicRequired);
  const payload = obj(f.payload);
  const config = obj(payload.config);
  const isPrivate = config.private === true;
  if (core.config.privateOnly && !isPrivate) return refuse(JOIN_ERRORS.privateOnly);

  const existing = conn.channels.get(topic);
  if (existing) core.removeChannel(existing); // a rejoin replaces the old join, as in Phoenix
  if (conn.channels.size + conn.pendingJoins >= core.config.maxChannelsPerConnection) return refuse(JOIN_ERRORS.tooManyChannels);
  if (!core.joinRate.take()) {
    refuse(JOIN_ERRORS.tooManyJoins);
    core.drop(conn, 'join_rate');
    return;
  }
  conn.pendingJoins++;
  try {
    await join(core, conn, f, { topic, subTopic, payload, config, isPrivate }, refuse);
  } finally {
    conn.pendingJoins--;
  }
}

interface JoinRequest {
  topic: string;
  subTopic: string;
  payload: Record<string, unknown>;
  config: Record<string, unknown>;
  isPrivate: boolean;
}

async function join(core: RealtimeCore, conn: Connection, f: Frame, req: JoinRequest, refuse: (reason: string) => void): Promise<void> {
  const { topic, subTopic, payload, config, isPrivate } = req;

  const given = typeof payload.access_token === 'string' ? payload.access_token : typeof payload.user_token === 'string' ? payload.user_token : null;
  const token = !given || given.startsWith('sb_') ? conn.apikey : given;
  const t = await checkToken(core.deps.project.jwtSecret, token);
  if (!t.ok) return refuse(t.reason);

  const broadcast = obj(config.broadcast);
  const presence = obj(config.presence);
  const replay = replayOf(broadcast, core.config.maxReplayMessages);
  if (replay === 'invalid') return refuse(JOIN_ERRORS.replayParams);
  if (replay && !isPrivate) return refuse(JOIN_ERRORS.replayPublic);

  let policies: Policies | null = null;
  if (isPrivate) {
    try {
      const read = await readPolicies(core.deps.db, { topic: subTopic, role: t.auth.role, claims: t.auth.claims as Record<string, unknown> });
      policies = { broadcastRead: read.broadcast, presenceRead: read.presence, broadcastWrite: null, presenceWrite: null };
    } catch (e) {
      emit(core.log, { event: 'authorization_failed', topic: subTopic, error: (e as Error).message });
      return refuse(JOIN_ERRORS.database);
    }
    if (!policies.broadcastRead && !policies.presenceRead) return refuse(unauthorizedTopic(subTopic));
    if (replay && !policies.broadcastRead) return refuse(unauthorizedTopic(subTopic));
  }

  const ch = new Channel(conn, {
    topic, subTopic, joinRef: f.joinRef, isPrivate,
    self: broadcast.self === true, ack: broadcast.ack === true,
    presenceKey: typeof presence.key === 'string' && presence.key ? presence.key : randomUUID(),
    presenceEnabled: presence.enabled === true,
    auth: t.auth, policies,
  });

  const entries = (Array.isArray(config.postgres_changes) ? config.postgres_changes : []).filter((e) => e && typeof e === 'object') as Record<string, unknown>[];
  let pgOutcome: SubscribeOutcome | null = null;
  if (entries.length) {
    try {
      pgOutcome = await prepareSubscriptions(core.catalog, ch, entries);
    } catch (e) {
      emit(core.log, { event: 'authorization_failed', topic: subTopic, error: (e as Error).message });
      pgOutcome = { ok: false, message: JOIN_ERRORS.database };
    }
  }
  let replayed: Awaited<ReturnType<typeof replayMessages>> = [];
  if (replay) replayed = await replayMessages(core.deps.db, subTopic, replay.since, replay.limit).catch(() => []);
  if (conn.closed || conn.channels.has(topic)) return;

  conn.channels.set(topic, ch);
  core.hub.add(ch);
  if (pgOutcome?.ok) {
    ch.pgSubs = pgOutcome.subs;
    for (const s of ch.pgSubs) core.pg.add(s);
  }
  conn.reply(f.joinRef, f.ref, topic, 'ok', { postgres_changes: entries.map((e) => ({ ...e, id: subscriptionId(e) })) });
  armExpiry(core, ch);

  if (ch.presenceEnabled && ch.canReadPresence) ch.push('presence_state', core.presence.state(ch.hubTopic));
  for (const m of replayed) {
    ch.push('broadcast', { type: 'broadcast', event: m.event, payload: m.payload, meta: { replayed: true, id: m.id } });
  }
  if (pgOutcome) {
    ch.push('system', pgOutcome.ok
      ? { extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL', channel: subTopic }
      : { extension: 'postgres_changes', status: 'error', message: pgOutcome.message, channel: subTopic });
  }
}
