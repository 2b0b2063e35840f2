// The catcher's inbox: messages in memory (newest last), optionally mirrored to a folder as JSON files so a
// restart keeps them. `waitFor` resolves when a matching message arrives, so tests never poll or sleep.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaughtMessage, MessageFilter } from './types.ts';

export interface InboxOptions {
  /** Folder for on-disk persistence; memory only when absent. */
  dir?: string;
  /** Oldest messages are dropped past this count (default 1000). */
  maxMessages?: number;
}

const matches = (m: CaughtMessage, f: MessageFilter): boolean =>
  !f.to || m.to.some((a) => a.toLowerCase() === f.to!.toLowerCase());

export class Inbox {
  readonly #messages: CaughtMessage[] = [];
  readonly #waiters = new Set<{ filter: MessageFilter; after: number; resolve: (m: CaughtMessage) => void }>();
  readonly #dir?: string;
  readonly #max: number;

  constructor(opts: InboxOptions = {}) {
    this.#dir = opts.dir;
    this.#max = opts.maxMessages ?? 1000;
    if (this.#dir) {
      mkdirSync(this.#dir, { recursive: true });
      const files = readdirSync(this.#dir).filter((f) => f.endsWith('.json')).sort();
      for (const f of files) this.#messages.push(JSON.parse(readFileSync(join(this.#dir, f), 'utf8')) as CaughtMessage);
    }
  }

  get size(): number { return this.#messages.length; }

  add(m: CaughtMessage): void {
    this.#messages.push(m);
    if (this.#dir) writeFileSync(join(this.#dir, `${m.receivedAt.replace(/[:.]/g, '-')}-${m.id}.json`), JSON.stringify(m));
    while (this.#messages.length > this.#max) this.#remove(this.#messages[0].id);
    const index = this.#messages.length - 1;
    for (const w of this.#waiters) {
      if (index >= w.after && matches(m, w.filter)) { this.#waiters.delete(w); w.resolve(m); }
    }
  }

  /** Newest first. */
  listMessages(filter: MessageFilter = {}): CaughtMessage[] {
    return this.#messages.filter((m) => matches(m, filter)).reverse();
  }

  getMessage(id: string): CaughtMessage | null {
    return this.#messages.find((m) => m.id === id) ?? null;
  }

  /** The newest message matching `filter`, or null. */
  latest(filter: MessageFilter = {}): CaughtMessage | null {
    return this.listMessages(filter)[0] ?? null;
  }

  /**
   * Resolves with the first matching message received after `afterCount` messages (default: any already
   * there counts). Rejects after `timeoutMs` (a guard, not a wait).
   */
  waitFor(filter: MessageFilter, opts: { afterCount?: number; timeoutMs?: number } = {}): Promise<CaughtMessage> {
    const after = opts.afterCount ?? 0;
    const found = this.#messages.slice(after).find((m) => matches(m, filter));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { filter, after, resolve: (m: CaughtMessage) => { clearTimeout(timer); resolve(m); } };
      const timer = setTimeout(() => { this.#waiters.delete(w); reject(new Error(`no mail for ${JSON.stringify(filter)}`)); }, opts.timeoutMs ?? 5000);
      this.#waiters.add(w);
    });
  }

  deleteMessage(id: string): boolean {
    return this.#remove(id);
  }

  clear(): void {
    for (const m of this.#messages.slice()) this.#remove(m.id);
  }

  #remove(id: string): boolean {
    const i = this.#messages.findIndex((m) => m.id === id);
    if (i < 0) return false;
    const [m] = this.#messages.splice(i, 1);
    if (this.#dir) rmSync(join(this.#dir, `${m.receivedAt.replace(/[:.]/g, '-')}-${m.id}.json`), { force: true });
    return true;
  }
}
