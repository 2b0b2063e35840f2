// The realtime service's limits and timings, per project. Passed down frozen; nothing here reads the environment:
// an app parses `realtimeConfigFields` with @powabase/core's parseConfig at its entry.
import type { FieldSpec } from '@powabase/core';
export interface RealtimeConfig {
  /** Concurrent websocket connections per project; over it the upgrade is refused with 429. */
  maxConnections: number;
  /** Channels one connection may have joined at once (`ChannelRateLimitReached: Too many channels`). */
  maxChannelsPerConnection: number;
  /** Channel joins per second per project (`ClientJoinRateLimitReached: Too many joins per second`). */
  maxJoinsPerSecond: number;
  /** Client broadcasts, presence events and REST messages per second per project ("Too many messages per second"). */
  maxMessagesPerSecond: number;
  /** Bytes of one broadcast or presence payload (its JSON, or its binary length). */
  maxPayloadBytes: number;
  /** Bytes of a postgres change record before its large values are dropped (`Error 413: Payload Too Large`). */
  maxRecordBytes: number;
  /** Bytes queued to one socket before it counts as a slow consumer and is dropped. */
  maxBufferedBytes: number;
  /** A socket that sends nothing (not even a heartbeat) for this long is closed. */
  idleTimeoutMs: number;
  /** Only private channels may be joined (`PrivateOnly: This project only allows private channels`). */
  privateOnly: boolean;
  /** Changes drained from the queue per database round trip. */
  changeBatchSize: number;
  /** Safety net: drain the change queue this often even without a notification (0 = never). */
  changePollMs: number;
  /** Persisted messages (realtime.messages) older than this are deleted by the janitor. */
  messageRetentionMs: number;
  /** Most messages replayed on a private channel join (`broadcast.replay.limit` is capped to this). */
  maxReplayMessages: number;
}

export function defaultRealtimeConfig(overrides: Partial<RealtimeConfig> = {}): RealtimeConfig {
  return Object.freeze({
    maxConnections: 10_000,
    maxChannelsPerConnection: 100,
    maxJoinsPerSecond: 500,
    maxMessagesPerSecond: 10_000,
    maxPayloadBytes: 256 * 1024,
    maxRecordBytes: 1024 * 1024,
    maxBufferedBytes: 4 * 1024 * 1024,
    idleTimeoutMs: 60_000,
    privateOnly: false,
    changeBatchSize: 500,
    changePollMs: 5_000,
    messageRetentionMs: 3 * 24 * 3600_000,
    maxReplayMessages: 25,
    ...overrides,
  });
}

const d = defaultRealtimeConfig();
const int = (env: string, key: keyof RealtimeConfig, doc: string): FieldSpec<'int'> => ({ env, kind: 'int', default: d[key] as number, doc });

/** Environment fields for an app's parseConfig: `defaultRealtimeConfig(parseConfig(realtimeConfigFields, env))`. */
export const realtimeConfigFields = {
  maxConnections: int('POWABASE_REALTIME_MAX_CONNECTIONS', 'maxConnections', 'websocket connections per project'),
  maxChannelsPerConnection: int('POWABASE_REALTIME_MAX_CHANNELS_PER_CONNECTION', 'maxChannelsPerConnection', 'channels one socket may join'),
  maxJoinsPerSecond: int('POWABASE_REALTIME_MAX_JOINS_PER_SECOND', 'maxJoinsPerSecond', 'channel joins per second per project'),
  maxMessagesPerSecond: int('POWABASE_REALTIME_MAX_MESSAGES_PER_SECOND', 'maxMessagesPerSecond', 'client broadcasts, presence events and REST messages per second per project'),
  maxPayloadBytes: int('POWABASE_REALTIME_MAX_PAYLOAD_BYTES', 'maxPayloadBytes', 'bytes of one broadcast or presence payload'),
  maxRecordBytes: int('POWABASE_REALTIME_MAX_RECORD_BYTES', 'maxRecordBytes', 'bytes of a postgres change record before large values are dropped'),
  maxBufferedBytes: int('POWABASE_REALTIME_MAX_BUFFERED_BYTES', 'maxBufferedBytes', 'unsent bytes before a socket is dropped as a slow consumer'),
  idleTimeoutMs: int('POWABASE_REALTIME_IDLE_TIMEOUT_MS', 'idleTimeoutMs', 'a silent socket is closed after this'),
  privateOnly: { env: 'POWABASE_REALTIME_PRIVATE_ONLY', kind: 'bool', default: d.privateOnly, doc: 'only private channels may be joined' } as FieldSpec<'bool'>,
} as const;
