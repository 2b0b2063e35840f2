// Token refresh mid-subscription (`access_token` pushes) and the expiry timer: an expired or invalid token,
// or a private channel whose read permission was revoked, closes the channel with a system message.
import type { Frame } from '../protocol/frame.ts';
import type { RealtimeCore } from '../realtime.ts';
import { emit } from '../log-events.ts';
import { readPolicies } from '../db/authorize.ts';
import { JOIN_ERRORS, readRevoked, tokenExpired } from '../errors.ts';
import type { Channel } from './channel.ts';
import { checkToken } from './token.ts';

/** Timers are capped (setTimeout's range, and re-checking hourly is cheap). */
const MAX_TIMER_MS = 3600_000;

export function armExpiry(core: RealtimeCore, ch: Channel): void {
  if (ch.expiryTimer) clearTimeout(ch.expiryTimer);
  const ms = ch.auth.exp * 1000 - Date.now();
  ch.expiryTimer = setTimeout(() => {
    ch.expiryTimer = null;
    if (ch.closed) return;
    if (ch.auth.exp * 1000 <= Date.now()) core.shutdownChannel(ch, tokenExpired(Math.floor(Date.now() / 1000 - ch.auth.exp)));
    else armExpiry(core, ch);
  }, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
  ch.expiryTimer.unref();
}

export async function handleAccessToken(core: RealtimeCore, ch: Channel, f: Frame): Promise<void> {
  const token = (f.payload as { access_token?: unknown } | null)?.access_token;
  if (typeof token !== 'string' || token.startsWith('sb_') || token === ch.auth.token) return;
  const t = await checkToken(core.deps.project.jwtSecret, token);
  if (ch.closed) return;
  if (!t.ok) {
    core.shutdownChannel(ch, t.message);
    return;
  }
  ch.auth = t.auth;
  if (ch.isPrivate && ch.policies) {
    const before = ch.policies;
    let now;
    try {
      now = await readPolicies(core.deps.db, { topic: ch.subTopic, role: t.auth.role, claims: t.auth.claims as Record<string, unknown> });
    } catch (e) {
      emit(core.log, { event: 'authorization_failed', topic: ch.subTopic, error: (e as Error).message });
      core.shutdownChannel(ch, JOIN_ERRORS.database);
      return;
    }
    if (ch.closed) return;
    if ((before.broadcastRead && !now.broadcast) || (before.presenceRead && !now.presence)) {
      core.shutdownChannel(ch, readRevoked(ch.subTopic));
      return;
    }
    ch.policies = { broadcastRead: now.broadcast, presenceRead: now.presence, broadcastWrite: null, presenceWrite: null };
  }
  armExpiry(core, ch);
}
