// The realtime schema objects, applied by @powabase/db's migrate() under scope 'realtime'.
import { loadMigrations, type MigrationSet } from '@powabase/db';

export function realtimeMigrations(): MigrationSet {
  return loadMigrations('realtime', new URL('../migrations/', import.meta.url));
}
