// Who listens on which hub topic, and broadcast fan-out: a message is serialised once per protocol
// version and the same bytes go to every socket.
import { encodeBinaryBroadcast, encodeText } from '../protocol/serializer.ts';
import type { Channel } from './channel.ts';

export interface OutBroadcast {
  event: string;
  /** JSON value, or a Buffer for a binary payload (delivered to vsn 2.0.0 sockets only). */
  payload: unknown;
  meta?: Record<string, unknown>;
}

export class Hub {
  readonly #topics = new Map<string, Set<Channel>>();

  add(ch: Channel): void {
    let set = this.#topics.get(ch.hubTopic);
    if (!set) this.#topics.set(ch.hubTopic, (set = new Set()));
    set.add(ch);
  }

  remove(ch: Channel): void {
    const set = this.#topics.get(ch.hubTopic);
    if (!set) return;
    set.delete(ch);
    if (set.size === 0) this.#topics.delete(ch.hubTopic);
  }

  members(hubTopic: string): ReadonlySet<Channel> {
    return this.#topics.get(hubTopic) ?? new Set();
  }

  get topicCount(): number { return this.#topics.size; }

  /** Delivers to every member that may read broadcasts, except `except` (a sender with self=false). */
  broadcast(hubTopic: string, subTopic: string, msg: OutBroadcast, except?: Channel): number {
    const members = this.#topics.get(hubTopic);
    if (!members) return 0;
    const topic = `realtime:${subTopic}`;
    const binary = Buffer.isBuffer(msg.payload);
    let v1: string | null = null;
    let v2: string | Buffer | null = null;
    let json: string | null = null;
    const payloadJson = () => (json ??= JSON.stringify({ type: 'broadcast', event: msg.event, payload: msg.payload, ...(msg.meta ? { meta: msg.meta } : {}) }));
    let sent = 0;
    for (const ch of members) {
      if (ch === except || ch.closed || !ch.canReadBroadcast) continue;
      if (ch.conn.vsn === '2.0.0') {
        v2 ??= binary ? encodeBinaryBroadcast(topic, msg.event, msg.payload as Buffer, msg.meta) : encodeText('2.0.0', null, null, topic, 'broadcast', payloadJson());
        if (v2 === null) continue;
        ch.conn.send(v2);
      } else {
        if (binary) continue; // vsn 1.0.0 has no way to carry bytes
        v1 ??= encodeText('1.0.0', null, null, topic, 'broadcast', payloadJson());
        ch.conn.send(v1);
      }
      sent++;
    }
    return sent;
  }
}
