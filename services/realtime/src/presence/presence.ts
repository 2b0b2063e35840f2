// Presence per hub topic: one entry per tracking channel (key + meta with a unique phx_ref), the
// presence_state of a topic and the presence_diff of each change, in the shapes the Phoenix client merges.
import { randomBytes } from 'node:crypto';
import type { Channel } from '../channel/channel.ts';

type Metas = Record<string, { metas: Record<string, unknown>[] }>;
export interface PresenceDiff { joins: Metas; leaves: Metas }

interface Entry { ch: Channel; ref: string; meta: Record<string, unknown> }

export class PresenceRegistry {
  readonly #topics = new Map<string, Map<Channel, Entry>>();
  readonly #prefix = randomBytes(6).toString('base64url');
  #counter = 0;

  #nextRef(): string {
    return `F${this.#prefix}${(++this.#counter).toString(36)}`;
  }

  state(hubTopic: string): Metas {
    const out: Metas = {};
    for (const e of this.#topics.get(hubTopic)?.values() ?? []) {
      (out[e.ch.presenceKey] ??= { metas: [] }).metas.push({ ...e.meta, phx_ref: e.ref });
    }
    return out;
  }

  /** Tracks or updates the channel's entry; null when the meta did not change. */
  track(ch: Channel, meta: Record<string, unknown>, metaJson: string): PresenceDiff | null {
    if (ch.tracked && ch.tracked.json === metaJson) return null;
    let entries = this.#topics.get(ch.hubTopic);
    if (!entries) this.#topics.set(ch.hubTopic, (entries = new Map()));
    const ref = this.#nextRef();
    const prev = ch.tracked;
    entries.set(ch, { ch, ref, meta });
    ch.tracked = { ref, meta, json: metaJson };
    const diff: PresenceDiff = { joins: { [ch.presenceKey]: { metas: [{ ...meta, phx_ref: ref, ...(prev ? { phx_ref_prev: prev.ref } : {}) }] } }, leaves: {} };
    if (prev) diff.leaves[ch.presenceKey] = { metas: [{ ...prev.meta, phx_ref: prev.ref }] };
    return diff;
  }

  /** Removes the channel's entry; null when it had none. */
  untrack(ch: Channel): PresenceDiff | null {
    const prev = ch.tracked;
    if (!prev) return null;
    ch.tracked = null;
    const entries = this.#topics.get(ch.hubTopic);
    entries?.delete(ch);
    if (entries && entries.size === 0) this.#topics.delete(ch.hubTopic);
    return { joins: {}, leaves: { [ch.presenceKey]: { metas: [{ ...prev.meta, phx_ref: prev.ref }] } } };
  }
}
