// The schema cache's lifecycle: loaded at start, reloaded on `NOTIFY pgrst, 'reload schema'` (sent by
// migrations and by the DDL event triggers). A reload swaps in a new immutable snapshot, so requests in
// flight finish on the one they started with; reloads that arrive while one runs are coalesced.
import type { Db, Unlisten } from '@powabase/db';
import type { Logger } from '@powabase/core';
import { restError } from '../errors.ts';
import { loadSchemaCache } from './load.ts';
import type { SchemaCache } from './types.ts';

export class SchemaCacheHolder {
  private cache: SchemaCache | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private unlisten: Unlisten | null = null;
  private readonly listeners = new Set<(c: SchemaCache) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly db: Db, private readonly schemas: string[], private readonly log: Logger) {}

  /** The current snapshot; PGRST002 (503) while none could be loaded yet. */
  get(): SchemaCache {
    if (!this.cache) throw restError('PGRST002', {}, {});
    return this.cache;
  }

  get loaded(): boolean { return this.cache !== null; }

  onReload(fn: (c: SchemaCache) => void): void { this.listeners.add(fn); }

  /**
   * Listens for reload notifications and loads the first snapshot. If that fails (database not ready),
   * it keeps retrying in the background with backoff; requests meanwhile get PGRST002 (503, Retry-After).
   */
  async start(): Promise<void> {
    this.unlisten = await this.db.listen('pgrst', (payload) => {
      if (payload === '' || payload === 'reload schema') void this.reload().catch(() => {});
    });
    await this.reload().catch(() => this.retry(1000));
  }

  private retry(ms: number): void {
    if (this.closed || this.cache) return;
    this.timer = setTimeout(() => {
      void this.reload().catch(() => this.retry(Math.min(ms * 2, 30_000)));
    }, ms);
    this.timer.unref?.();
  }

  /** Loads a fresh snapshot; resolves when one that started after this call has finished. */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const started = Date.now();
        try {
          const next = await loadSchemaCache(this.db, this.schemas);
          this.cache = next;
          this.log.info({ event: 'schema_cache_loaded', tables: next.tables.size, routines: next.routines.size, ms: Date.now() - started });
          for (const fn of this.listeners) fn(next);
        } catch (e) {
          this.log.error({ event: 'schema_cache_failed', error: { message: (e as Error).message } });
          if (!this.cache) throw e;
        }
      } while (this.again);
    })().finally(() => { this.running = null; });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.running?.catch(() => {});
  }
}
