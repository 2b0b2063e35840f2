// Routes one decoded frame: heartbeats answered at once; everything else queued per topic (so a join's
// async checks finish before the next push to that topic), then handed to the event's handler.
import type { Frame } from '../protocol/frame.ts';
import type { Connection } from '../socket/connection.ts';
import type { RealtimeCore } from '../realtime.ts';
import { emit } from '../log-events.ts';
import { handleJoin } from './join.ts';
import { handleBroadcast } from './broadcast.ts';
import { handlePresence } from './presence-events.ts';
import { handleAccessToken } from './access-token.ts';

export function routeFrame(core: RealtimeCore, conn: Connection, f: Frame): void {
  if (f.topic === 'phoenix') {
    if (f.event === 'heartbeat') conn.reply(null, f.ref, 'phoenix', 'ok', {});
    return;
  }
  conn.enqueue(f.topic, () => handle(core, conn, f).catch((e: Error) => {
    emit(core.log, { event: 'frame_rejected', conn: conn.id, reason: e.message });
  }));
}

async function handle(core: RealtimeCore, conn: Connection, f: Frame): Promise<void> {
  if (conn.closed) return;
  if (f.event === 'phx_join') return handleJoin(core, conn, f);
  const ch = conn.channels.get(f.topic);
  if (!ch) {
    conn.reply(f.joinRef, f.ref, f.topic, 'error', { reason: 'unmatched topic' });
    return;
  }
  switch (f.event) {
    case 'phx_leave':
      conn.reply(f.joinRef ?? ch.joinRef, f.ref, f.topic, 'ok', {});
      core.removeChannel(ch);
      conn.pushJson(ch.joinRef, ch.joinRef, ch.topic, 'phx_close', '{}');
      return;
    case 'broadcast':
      return handleBroadcast(core, ch, f);
    case 'presence':
      return handlePresence(core, ch, f);
    case 'access_token':
      return handleAccessToken(core, ch, f);
    default:
      emit(core.log, { event: 'unexpected_client_event', conn: conn.id, topic: ch.subTopic, type: f.event.slice(0, 64) });
  }
}
