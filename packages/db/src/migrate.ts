// Migration runner: ordered SQL files per scope (each service owns one), applied once each and recorded
// in `_powabase.migrations`. Each migration runs in its own transaction.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

export interface Migration { id: string; sql: string }
export interface MigrationSet { scope: string; migrations: Migration[] }

/** Loads `NNNN_name.sql` files from a folder, ordered by name. */
export function loadMigrations(scope: string, dir: URL | string): MigrationSet {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const files = readdirSync(path).filter((f) => f.endsWith('.sql')).sort();
  return { scope, migrations: files.map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(`${path}/${f}`, 'utf8') })) };
}

export function checksum(sets: MigrationSet[]): string {
  const h = createHash('sha256');
  for (const s of sets) for (const m of s.migrations) h.update(`${s.scope}/${m.id}\n${m.sql}\n`);
  return h.digest('hex').slice(0, 16);
}

const BOOTSTRAP = `
create schema if not exists _powabase;
create table if not exists _powabase.migrations (
  scope text not null,
  id text not null,
  checksum text not null,
  applied_at timestamptz not null default now(),
  primary key (scope, id)
);`;

/** Applies every migration not yet recorded; returns the ids it applied. */
export async function migrate(db: Db, sets: MigrationSet[]): Promise<string[]> {
  await db.query(BOOTSTRAP);
  const done = new Set((await db.query<{ k: string }>("select scope || '/' || id as k from _powabase.migrations")).rows.map((r) => r.k));
  const applied: string[] = [];
  for (const set of sets) {
    for (const m of set.migrations) {
      const key = `${set.scope}/${m.id}`;
      if (done.has(key)) continue;
      await db.tx(async (c) => {
        await c.query(m.sql);
        await c.query('insert into _powabase.migrations (scope, id, checksum) values ($1, $2, $3)', [
          set.scope, m.id, checksum([{ scope: set.scope, migrations: [m] }]),
        ]);
      });
      applied.push(key);
    }
  }
  // Services that cache the schema (REST) reload on this.
  if (applied.length) await db.query("notify pgrst, 'reload schema'");
  return applied;
}
