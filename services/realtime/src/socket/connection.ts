// One websocket connection: its protocol version, joined channels, liveness and outgoing backpressure.
// A socket whose unsent bytes exceed the limit is dropped (slow consumer): memory stays bounded.
import type { Vsn } from '../protocol/frame.ts';
import { encodeText } from '../protocol/serializer.ts';
import type { Channel } from '../channel/channel.ts';
import type { WireSocket } from './wire-socket.ts';

export interface ConnectionHooks {
  onSlowConsumer(conn: Connection): void;
}

export class Connection {
  readonly channels = new Map<string, Channel>();
  /** Per-topic serial queues, so a join's async checks finish before later pushes to that topic run. */
  readonly queues = new Map<string, Promise<void>>();
  /** Joins between their limit check and their reply: they count against the channel limit. */
  pendingJoins = 0;
  lastSeen = Date.now();
  closed = false;

  constructor(
    readonly id: number,
    readonly vsn: Vsn,
    readonly socket: WireSocket,
    /** The apikey the socket connected with: the token of joins that send no access_token. */
    readonly apikey: string,
    private readonly maxBufferedBytes: number,
    private readonly hooks: ConnectionHooks,
  ) {}

  /** Sends unless the socket is closed or has fallen too far behind (then it is dropped). */
  send(data: string | Buffer): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.hooks.onSlowConsumer(this);
      return;
    }
    this.socket.send(data);
  }

  pushJson(joinRef: string | null, ref: string | null, topic: string, event: string, payloadJson: string): void {
    this.send(encodeText(this.vsn, joinRef, ref, topic, event, payloadJson));
  }

  reply(joinRef: string | null, ref: string | null, topic: string, status: 'ok' | 'error', response: unknown = {}): void {
    this.pushJson(joinRef, ref, topic, 'phx_reply', JSON.stringify({ status, response }));
  }

  /** Runs `task` after the earlier tasks of the same topic; errors are the task's own business. */
  enqueue(topic: string, task: () => Promise<void>): void {
    const prev = this.queues.get(topic) ?? Promise.resolve();
    const next: Promise<void> = prev.then(task).catch(() => {}).finally(() => {
      if (this.queues.get(topic) === next) this.queues.delete(topic);
    });
    this.queues.set(topic, next);
  }
}
