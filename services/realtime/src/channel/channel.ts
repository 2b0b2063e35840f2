// One joined channel of one connection: its topic, options, the caller's token and what RLS allowed.
import type { Claims } from '@powabase/keys';
import type { Connection } from '../socket/connection.ts';
import type { PgSubscription } from '../postgres/subscriptions.ts';

/** Private-channel permissions; null = not checked yet (writes are checked on first use). */
export interface Policies {
  broadcastRead: boolean;
  presenceRead: boolean;
  broadcastWrite: boolean | null;
  presenceWrite: boolean | null;
}

export interface ChannelAuth {
  token: string;
  claims: Claims;
  role: string;
  /** Seconds since epoch. */
  exp: number;
}

export interface ChannelOptions {
  topic: string;
  subTopic: string;
  joinRef: string | null;
  isPrivate: boolean;
  self: boolean;
  ack: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  auth: ChannelAuth;
  policies: Policies | null;
}

export class Channel {
  readonly topic: string;
  readonly subTopic: string;
  readonly joinRef: string | null;
  readonly isPrivate: boolean;
  /** The hub key: public and private channels of the same name never see each other's messages. */
  readonly hubTopic: string;
  readonly self: boolean;
  readonly ack: boolean;
  readonly presenceKey: string;
  presenceEnabled: boolean;
  auth: ChannelAuth;
  policies: Policies | null;
  pgSubs: PgSubscription[] = [];
  /** This channel's presence entry (one per channel, as in Phoenix). */
  tracked: { ref: string; meta: Record<string, unknown>; json: string } | null = null;
  expiryTimer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(readonly conn: Connection, o: ChannelOptions) {
    this.topic = o.topic;
    this.subTopic = o.subTopic;
    this.joinRef = o.joinRef;
    this.isPrivate = o.isPrivate;
    this.hubTopic = hubTopicOf(o.subTopic, o.isPrivate);
    this.self = o.self;
    this.ack = o.ack;
    this.presenceKey = o.presenceKey;
    this.presenceEnabled = o.presenceEnabled;
    this.auth = o.auth;
    this.policies = o.policies;
  }

  get canReadBroadcast(): boolean { return !this.isPrivate || this.policies?.broadcastRead === true; }
  get canReadPresence(): boolean { return !this.isPrivate || this.policies?.presenceRead === true; }

  /** A push on this channel (presence_state, system, replies use the join ref). */
  push(event: string, payload: unknown): void {
    this.conn.pushJson(this.joinRef, null, this.topic, event, JSON.stringify(payload));
  }
}

export function hubTopicOf(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${subTopic}`;
}
