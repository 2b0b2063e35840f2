// A client broadcast: private channels need the write policy (checked once; refused messages are dropped
// silently, as Supabase does), then the project's message rate, the payload size, fan-out and the ack.
import type { Frame } from '../protocol/frame.ts';
import type { RealtimeCore } from '../realtime.ts';
import { emit } from '../log-events.ts';
import { writePolicy } from '../db/authorize.ts';
import type { Channel } from './channel.ts';

export const payloadBytes = (payload: unknown): number =>
  Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(JSON.stringify(payload ?? null) ?? 'null');

/** Private channels: may this channel write `extension` (cached per channel until the token changes)? */
export async function mayWrite(core: RealtimeCore, ch: Channel, extension: 'broadcast' | 'presence'): Promise<boolean> {
  if (!ch.isPrivate) return true;
  const p = ch.policies!;
  const key = extension === 'broadcast' ? 'broadcastWrite' : 'presenceWrite';
  if (p[key] === null) {
    try {
      p[key] = await writePolicy(core.deps.db, { topic: ch.subTopic, role: ch.auth.role, claims: ch.auth.claims as Record<string, unknown> }, extension);
    } catch (e) {
      emit(core.log, { event: 'authorization_failed', topic: ch.subTopic, error: (e as Error).message });
      return false;
    }
  }
  return p[key] === true;
}

export async function handleBroadcast(core: RealtimeCore, ch: Channel, f: Frame): Promise<void> {
  const p = f.payload as { event?: unknown; payload?: unknown } | null;
  if (!p || typeof p !== 'object' || typeof p.event !== 'string') {
    if (ch.ack) ch.conn.reply(f.joinRef ?? ch.joinRef, f.ref, ch.topic, 'error', { reason: 'Broadcast payload must have an event' });
    return;
  }
  if (!(await mayWrite(core, ch, 'broadcast'))) return;
  if (ch.closed) return;
  if (!core.messageRate.take()) {
    core.shutdownChannel(ch, 'Too many messages per second');
    return;
  }
  if (payloadBytes(p.payload) > core.config.maxPayloadBytes) {
    if (ch.ack) ch.conn.reply(f.joinRef ?? ch.joinRef, f.ref, ch.topic, 'error', { reason: 'Payload size exceeded' });
    return;
  }
  core.hub.broadcast(ch.hubTopic, ch.subTopic, { event: p.event, payload: p.payload ?? {} }, ch.self ? undefined : ch);
  if (ch.ack) ch.conn.reply(f.joinRef ?? ch.joinRef, f.ref, ch.topic, 'ok', {});
}
