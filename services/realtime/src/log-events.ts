// The realtime service's typed log events. Never tokens, payloads or claims: topics and counts only.
import type { Logger } from '@powabase/core';

export type RealtimeEvent =
  | { event: 'socket_opened'; conn: number; vsn: string }
  | { event: 'socket_closed'; conn: number; channels: number }
  | { event: 'socket_dropped'; conn: number; reason: 'slow_consumer' | 'idle' | 'bad_frame' | 'join_rate' }
  | { event: 'frame_rejected'; conn: number; reason: string }
  | { event: 'join_refused'; conn: number; topic: string; reason: string }
  | { event: 'channel_shutdown'; conn: number; topic: string; reason: string }
  | { event: 'unexpected_client_event'; conn: number; topic: string; type: string }
  | { event: 'change_feed_failed'; error: string }
  | { event: 'change_dispatch_failed'; relid: number; error: string }
  | { event: 'authorization_failed'; topic: string; error: string }
  | { event: 'janitor_failed'; error: string };

export function emit(log: Logger, e: RealtimeEvent): void {
  if (e.event === 'change_feed_failed' || e.event === 'change_dispatch_failed' || e.event === 'janitor_failed' || e.event === 'authorization_failed') {
    log.error(e, e.event);
  } else if (e.event === 'socket_dropped' || e.event === 'frame_rejected' || e.event === 'join_refused' || e.event === 'channel_shutdown') {
    log.warn(e, e.event);
  } else {
    log.debug(e, e.event);
  }
}
