// presence track/untrack from a client. A track on a channel joined without presence enables it and
// sends that channel the presence_state it missed. Diffs go to every member allowed to read presence.
import type { Frame } from '../protocol/frame.ts';
import type { RealtimeCore } from '../realtime.ts';
import type { Channel } from './channel.ts';
import { mayWrite, payloadBytes } from './broadcast.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
}

export async function handlePresence(core: RealtimeCore, ch: Channel, f: Frame): Promise<void> {
  const p = isPlainObject(f.payload) ? f.payload : {};
  const event = typeof p.event === 'string' ? p.event.toLowerCase() : '';
  const reply = (status: 'ok' | 'error', response: unknown = {}) => ch.conn.reply(f.joinRef ?? ch.joinRef, f.ref, ch.topic, status, response);
  if (!core.messageRate.take()) {
    core.shutdownChannel(ch, 'Too many presence messages per second');
    return;
  }
  if (event === 'untrack') {
    const diff = core.presence.untrack(ch);
    reply('ok');
    if (diff) core.sendPresenceDiff(ch.hubTopic, ch.subTopic, diff);
    return;
  }
  if (event !== 'track') {
    reply('error', { reason: 'Unknown presence event' });
    return;
  }
  const meta = p.payload === undefined ? {} : p.payload;
  if (!isPlainObject(meta)) {
    reply('error', { reason: 'Presence track payload must be a map' });
    return;
  }
  if (payloadBytes(meta) > core.config.maxPayloadBytes) {
    core.shutdownChannel(ch, 'Track message size exceeded');
    return;
  }
  if (!(await mayWrite(core, ch, 'presence'))) {
    reply('error', {});
    return;
  }
  if (ch.closed) return;
  const diff = core.presence.track(ch, meta, JSON.stringify(meta));
  reply('ok');
  if (!ch.presenceEnabled) {
    ch.presenceEnabled = true;
    if (ch.canReadPresence) ch.push('presence_state', core.presence.state(ch.hubTopic));
  }
  if (diff) core.sendPresenceDiff(ch.hubTopic, ch.subTopic, diff);
}
