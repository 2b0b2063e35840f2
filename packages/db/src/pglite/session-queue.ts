// PGlite is one Postgres session shared by every wire client, so this queue decides whose bytes run next.
// A client's unit of work is everything up to a sync point (Sync, Query, Flush, CopyDone/CopyFail), run as
// one exclusive exec: extended-protocol sequences of two clients never interleave (they share the unnamed
// statement and portal). A client holding an open transaction (or a Flush-ed, unsynced sequence) owns the
// session until it ends; the others wait. An owner idle longer than `idleMs` while others wait is cut off.
import type { PGlite } from '@electric-sql/pglite';
import { simpleQuery } from './wire-messages.ts';

interface Unit {
  client: number;
  bytes: Uint8Array;
  /** Asked after the unit ran: keep the session for this client though no transaction is open (Flush, COPY IN). */
  holdAfter: () => boolean;
  onData: (d: Uint8Array) => void;
  done: (err?: unknown) => void;
}

export class SessionQueue {
  private units: Unit[] = [];
  private owner: number | null = null;
  private running = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: PGlite,
    private readonly idleMs: number,
    private readonly onIdleOwner: (client: number) => void,
  ) {}

  submit(client: number, bytes: Uint8Array, onData: (d: Uint8Array) => void, holdAfter: () => boolean = () => false): Promise<void> {
    return new Promise((resolve, reject) => {
      this.units.push({ client, bytes, holdAfter, onData, done: (e) => (e ? reject(e) : resolve()) });
      if (client === this.owner) this.clearIdle();
      void this.pump();
    });
  }

  /** A client went away: drop its queued units, and roll back the transaction it left open. */
  async release(client: number): Promise<void> {
    const mine = this.units.filter((u) => u.client === client);
    this.units = this.units.filter((u) => u.client !== client);
    for (const u of mine) u.done(new Error('client disconnected'));
    if (this.owner === client) {
      this.owner = null;
      this.clearIdle();
      await this.db.runExclusive(() => this.db.execProtocolRaw(simpleQuery('rollback'))).catch(() => {});
      void this.pump();
    }
  }

  private next(): Unit | null {
    const i = this.owner === null ? 0 : this.units.findIndex((u) => u.client === this.owner);
    if (i < 0 || i >= this.units.length) return null;
    return this.units.splice(i, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let u = this.next(); u; u = this.next()) {
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(u!.bytes, { onRawData: u!.onData }));
          u.done();
        } catch (err) {
          u.done(err);
        }
        this.owner = this.db.isInTransaction() || u.holdAfter() ? u.client : null;
      }
      if (this.owner !== null && this.units.length > 0) this.armIdle(this.owner);
    } finally {
      this.running = false;
    }
  }

  private armIdle(client: number) {
    if (this.idleTimer || this.idleMs <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.owner === client && this.units.length > 0) this.onIdleOwner(client);
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
