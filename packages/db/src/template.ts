// Template databases: initdb is slow (~5 s on PGlite), copying a prepared, migrated data folder is not
// (~0.1 s). A template is keyed by the checksum of the migrations it holds, so a change makes a new one.
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openPglite } from './pglite/engine.ts';
import { checksum, migrate, type MigrationSet } from './migrate.ts';
import { secret } from '@powabase/core';
import { createRequire } from 'node:module';

// A template made by another PGlite version may not open with this one.
const PGLITE_VERSION: string = JSON.parse(
  readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8'),
).version;

const exists = (p: string) => stat(p).then(() => true, () => false);

/** Returns the folder of a PGlite template with `sets` applied, creating it (atomically) if missing. */
export async function ensureTemplate(root: string, sets: MigrationSet[]): Promise<string> {
  const dir = join(root, `pglite-${PGLITE_VERSION}-${checksum(sets)}`);
  if (await exists(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(root, { recursive: true });
  const db = await openPglite({ dataDir: tmp, password: secret(16) });
  try {
    await migrate(db, sets);
    await db.query('checkpoint');
  } finally {
    await db.close();
  }
  await rename(tmp, dir).catch(async (e) => {
    await rm(tmp, { recursive: true, force: true });
    if (!(await exists(dir))) throw e;
  });
  return dir;
}

/** Copies a template into a new project's data folder; the destination must not exist. */
export async function copyTemplate(template: string, dest: string): Promise<void> {
  if (await exists(dest)) throw new Error(`database folder already exists: ${dest}`);
  await cp(template, dest, { recursive: true, errorOnExist: true });
}
