// Database-originated broadcasts: a committed insert into realtime.messages (realtime.send,
// realtime.broadcast_changes, persisted REST messages) goes to the channels of its topic with meta.id.
import type { Hub } from '../channel/hub.ts';
import { hubTopicOf } from '../channel/channel.ts';
import type { QueuedChange } from './change-feed.ts';

function bytesOf(v: unknown): Buffer | null {
  return typeof v === 'string' && v.startsWith('\\x') ? Buffer.from(v.slice(2), 'hex') : null;
}

export function dispatchMessage(hub: Hub, c: QueuedChange): void {
  const r = c.record;
  if (c.op !== 'INSERT' || !r || r.extension !== 'broadcast' || typeof r.topic !== 'string' || typeof r.event !== 'string') return;
  const binary = bytesOf(r.binary_payload);
  const payload = binary ?? r.payload ?? {};
  hub.broadcast(hubTopicOf(r.topic, r.private !== false), r.topic, { event: r.event, payload, meta: { id: r.id } });
}
