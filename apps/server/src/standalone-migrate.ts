// Schema for standalone services. The `migrate` mode (a Kubernetes Job, run before the services) applies every
// data-plane migration; each service also applies, at start, the canonical list up to and including its own set,
// so a service never runs on a schema older than its code. Concurrent starts are serialised by a Postgres advisory
// lock, since migrate() itself does not lock and every service shares one database.
import pg from 'pg';
import { migrate, type Db, type MigrationSet } from '@powabase/db';
import type { Logger } from '@powabase/core';
import { dataPlaneMigrations } from './data-plane.ts';

/** Same key for every process of every project database: `select hashtext('powabase.migrate')`. */
const LOCK_KEY = 774_251_906;

/** The scope each service's own migrations live in (rest, auth … as `loadMigrations` names them). */
const OWN_SCOPE: Record<string, string> = { rest: 'rest', auth: 'auth', storage: 'storage', realtime: 'realtime', api: 'ai' };

/** The canonical migration list, cut after `service`'s own set (all of it for `migrate` and `api`). */
export function migrationsFor(service: string, all: MigrationSet[] = dataPlaneMigrations()): MigrationSet[] {
  const scope = OWN_SCOPE[service];
  if (!scope) return all;
  const i = all.findIndex((s) => s.scope === scope);
  return i < 0 ? all : all.slice(0, i + 1);
}

/** Applies `sets` while holding the advisory lock on a dedicated connection; returns the ids applied. */
export async function migrateLocked(db: Db, url: string, sets: MigrationSet[], log: Logger): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    const applied = await migrate(db, sets);
    log.info({ event: 'migrations_applied', count: applied.length, ids: applied }, 'migrations_applied');
    return applied;
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await lock.end().catch(() => {});
  }
}
