// Removes files that no row points at any more (replaced versions, failed uploads). Failures are logged,
// never surfaced: the row is the source of truth and an orphan file is only wasted space.
import type { Logger } from '@powabase/core';
import type { ObjectBackend } from '../backend/adapter.ts';
import { emit } from './events.ts';

export class FileCleaner {
  constructor(private readonly backend: ObjectBackend, private readonly log: Logger) {}

  async remove(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    try {
      await this.backend.delete(keys);
    } catch (e) {
      emit(this.log, { event: 'storage_file_cleanup_failed', keys: keys.length, error: (e as Error).message });
    }
  }
}
