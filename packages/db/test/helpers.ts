// Test helpers for the db package: temp folders, a fresh database on a PostgreSQL server, and a
// notification collector that waits for deliveries instead of sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `powabase-db-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Creates `t_<random>` on the server behind a superuser URL; drop() removes it (closing what is left). */
export async function freshPgDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Collects payloads; next(n) resolves once n have arrived in all (or rejects after a generous guard). */
export function collector(guardMs = 5000) {
  const got: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    got,
    push(payload: string) {
      got.push(payload);
      for (const w of waiters.splice(0)) {
        if (got.length >= w.n) w.resolve();
        else waiters.push(w);
      }
    },
    next(n: number): Promise<string[]> {
      if (got.length >= n) return Promise.resolve(got.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} notifications, got ${JSON.stringify(got)}`)), guardMs);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(got.slice()); } });
      });
    },
  };
}
