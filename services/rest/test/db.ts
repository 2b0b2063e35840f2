// A fresh empty database per test file: a PGlite temp folder, or a new database on TEST_PG_URL's server.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { copyTemplate, ensureTemplate, migrate, openPglite, openPostgres, type Db, type MigrationSet } from '@powabase/db';
import type { Engine } from './harness.ts';

/**
 * `sets` are applied to the new database. On PGlite they come from a template folder made once per set of
 * migrations (initdb takes ~5 s, copying a template well under a second).
 */
export async function openTestDb(engine: Engine, sets: MigrationSet[] = []): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'rest-test-'));
    if (sets.length) await copyTemplate(await ensureTemplate(join(tmpdir(), 'powabase-rest-test-templates'), sets), join(dir, 'db'));
    const db = await openPglite({ dataDir: join(dir, 'db'), password: 'pw' });
    await migrate(db, sets);
    return { db, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.TEST_PG_URL!;
  const name = `t_rest_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString() });
  await migrate(db, sets);
  return {
    db,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await c.end();
    },
  };
}
