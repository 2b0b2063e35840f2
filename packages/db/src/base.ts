// The data-plane base every project database starts from: roles, schemas, grants, auth helpers.
import { loadMigrations, type MigrationSet } from './migrate.ts';

export function baseMigrations(): MigrationSet {
  return loadMigrations('base', new URL('../migrations/', import.meta.url));
}
