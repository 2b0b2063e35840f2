// The realtime core of one project: connections, channels, hub, presence, postgres subscriptions and the
// change feed. Frames come in decoded by the socket layer; handlers in channel/ do the work per event.
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { RealtimeConfig } from './config.ts';
import { emit } from './log-events.ts';
import type { Vsn } from './protocol/frame.ts';
import { decodeFrame, encodeText } from './protocol/serializer.ts';
import { Connection } from './socket/connection.ts';
import { RateCounter } from './socket/rate.ts';
import type { WireSocket } from './socket/wire-socket.ts';
import type { Channel } from './channel/channel.ts';
import { Hub } from './channel/hub.ts';
import { PresenceRegistry, type PresenceDiff } from './presence/presence.ts';
import { PgRegistry } from './postgres/subscriptions.ts';
import { Catalog } from './postgres/catalog.ts';
import { routeFrame } from './channel/route.ts';

export interface CoreDeps {
  db: Db;
  project: ProjectInfo;
  config: RealtimeConfig;
  log: Logger;
}

export class RealtimeCore {
  readonly hub = new Hub();
  readonly presence = new PresenceRegistry();
  readonly pg = new PgRegistry();
  readonly catalog: Catalog;
  readonly connections = new Set<Connection>();
  readonly joinRate: RateCounter;
  readonly messageRate: RateCounter;
  #nextId = 1;
  #sweeper: NodeJS.Timeout | null = null;

  constructor(readonly deps: CoreDeps) {
    this.catalog = new Catalog(deps.db);
    this.joinRate = new RateCounter(deps.config.maxJoinsPerSecond);
    this.messageRate = new RateCounter(deps.config.maxMessagesPerSecond);
  }

  get config(): RealtimeConfig { return this.deps.config; }
  get log(): Logger { return this.deps.log; }

  startSweeper(): void {
    const every = Math.max(50, Math.min(5_000, Math.floor(this.config.idleTimeoutMs / 2)));
    this.#sweeper = setInterval(() => this.#sweepIdle(), every);
    this.#sweeper.unref();
  }

  #sweepIdle(): void {
    const cutoff = Date.now() - this.config.idleTimeoutMs;
    for (const conn of this.connections) if (conn.lastSeen < cutoff) this.drop(conn, 'idle');
  }

  canAccept(): boolean { return this.connections.size < this.config.maxConnections; }

  open(socket: WireSocket, vsn: Vsn, apikey: string): Connection {
    const conn = new Connection(this.#nextId++, vsn, socket, apikey, this.config.maxBufferedBytes, {
      onSlowConsumer: (c) => this.drop(c, 'slow_consumer'),
    });
    this.connections.add(conn);
    emit(this.log, { event: 'socket_opened', conn: conn.id, vsn });
    return conn;
  }

  onMessage(conn: Connection, data: Buffer | string, isBinary: boolean): void {
    if (conn.closed) return;
    conn.lastSeen = Date.now();
    const d = decodeFrame(data, isBinary, conn.vsn);
    if (!d.ok) {
      emit(this.log, { event: 'frame_rejected', conn: conn.id, reason: d.reason });
      conn.socket.close(1007, 'invalid frame');
      this.closed(conn);
      return;
    }
    routeFrame(this, conn, d.frame);
  }

  /** Terminates a socket (slow consumer, idle, abuse) and cleans up after it. */
  drop(conn: Connection, reason: 'slow_consumer' | 'idle' | 'bad_frame' | 'join_rate'): void {
    if (conn.closed) return;
    emit(this.log, { event: 'socket_dropped', conn: conn.id, reason });
    this.closed(conn);
    // a refused join's reply must still reach the client; a slow or silent peer gets no closing handshake
    if (reason === 'join_rate') conn.socket.close(1008, 'Too many joins per second');
    else conn.socket.terminate();
  }

  /** The socket is gone: its channels leave (presence leaves go out to the others). Idempotent. */
  closed(conn: Connection): void {
    if (conn.closed) return;
    const channels = conn.channels.size;
    for (const ch of [...conn.channels.values()]) this.removeChannel(ch);
    conn.closed = true;
    this.connections.delete(conn);
    emit(this.log, { event: 'socket_closed', conn: conn.id, channels });
  }

  removeChannel(ch: Channel): void {
    if (ch.closed) return;
    ch.closed = true;
    if (ch.conn.channels.get(ch.topic) === ch) ch.conn.channels.delete(ch.topic);
    if (ch.expiryTimer) clearTimeout(ch.expiryTimer);
    this.hub.remove(ch);
    for (const s of ch.pgSubs) this.pg.remove(s);
    const diff = this.presence.untrack(ch);
    if (diff) this.sendPresenceDiff(ch.hubTopic, ch.subTopic, diff);
  }

  /** A server-side close: a system error message, then phx_close (Supabase's shutdown_response). */
  shutdownChannel(ch: Channel, message: string): void {
    if (ch.closed) return;
    emit(this.log, { event: 'channel_shutdown', conn: ch.conn.id, topic: ch.subTopic, reason: message });
    ch.push('system', { extension: 'system', status: 'error', message, channel: ch.subTopic });
    ch.push('phx_close', {});
    this.removeChannel(ch);
  }

  sendPresenceDiff(hubTopic: string, subTopic: string, diff: PresenceDiff): void {
    const json = JSON.stringify(diff);
    const topic = `realtime:${subTopic}`;
    const enc: Partial<Record<Vsn, string>> = {};
    for (const ch of this.hub.members(hubTopic)) {
      if (ch.closed || !ch.canReadPresence) continue;
      const v = ch.conn.vsn;
      ch.conn.send((enc[v] ??= encodeText(v, null, null, topic, 'presence_diff', json)));
    }
  }

  /** Tells every channel the server is going away (as Supabase does before draining), then closes the sockets. */
  stop(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    for (const conn of [...this.connections]) {
      for (const ch of conn.channels.values()) {
        ch.push('system', { extension: 'system', status: 'ok', message: 'Server requested disconnect', channel: ch.subTopic });
      }
      this.closed(conn);
      conn.socket.close(1001, 'server shutting down');
    }
  }
}
