// Reads realtime.change_queue: wakes on NOTIFY realtime_changes (and on a slow safety poll), takes the
// committed rows in id order with `delete ... returning` and hands each batch to the dispatcher, so
// subscribers see changes in the order they were drained; a busy table gives bigger batches. At start the queue is emptied: changes
// committed while no service ran are not delivered (as with Supabase's temporary replication slot).
import type { Db, Unlisten } from '@powabase/db';

export interface QueuedChange {
  id: string;
  relid: number;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  record: Record<string, unknown> | null;
  oldRecord: Record<string, unknown> | null;
  committedAt: Date;
}

export interface ChangeFeedOptions {
  db: Db;
  batchSize: number;
  pollMs: number;
  /** A drained batch, in queue order. */
  onBatch(changes: QueuedChange[]): Promise<void>;
  onSchemaChange(): void;
  onError(err: Error): void;
}

const DRAIN_SQL = `
delete from realtime.change_queue
where id in (select id from realtime.change_queue order by id limit $1)
returning id, relid::int8 as relid, op, record, old_record, committed_at`;

export class ChangeFeed {
  #unlisten: Unlisten[] = [];
  #timer: NodeJS.Timeout | null = null;
  #draining: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(private readonly o: ChangeFeedOptions) {}

  async start(): Promise<void> {
    this.#unlisten.push(await this.o.db.listen('realtime_changes', () => this.kick()));
    this.#unlisten.push(await this.o.db.listen('realtime_schema', () => this.o.onSchemaChange()));
    await this.o.db.query('delete from realtime.change_queue');
    await this.o.db.query('select realtime.sync_publication()');
    if (this.o.pollMs > 0) {
      this.#timer = setInterval(() => this.kick(), this.o.pollMs);
      this.#timer.unref();
    }
  }

  /** Starts a drain, or asks the running one to go round once more. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain().finally(() => { this.#draining = null; });
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      let rows: QueuedChange[];
      try {
        rows = await this.#take();
      } catch (e) {
        if (!this.#stopped) this.o.onError(e as Error);
        return;
      }
      if (this.#stopped) return;
      if (rows.length) await this.o.onBatch(rows);
      if (rows.length >= this.o.batchSize) this.#again = true;
    } while (this.#again && !this.#stopped);
  }

  async #take(): Promise<QueuedChange[]> {
    const r = await this.o.db.query(DRAIN_SQL, [this.o.batchSize]);
    return r.rows
      .map((x) => ({ id: String(x.id), relid: Number(x.relid), op: x.op, record: x.record, oldRecord: x.old_record, committedAt: new Date(x.committed_at) }))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const u of this.#unlisten.splice(0)) await u().catch(() => {});
    await this.#draining?.catch(() => {});
  }
}
