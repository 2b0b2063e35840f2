// Builds the Studio with Vite's JS API into dist/<source hash>/ when that folder is missing: once per change
// of its sources (a fresh clone included), never on an unchanged start. Processes starting together build it
// once: the first takes a lock folder, the others wait for its result (a lock whose process died is taken over).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceHash } from './source-hash.ts';
import { STUDIO_ROOT, studioViteConfig } from './vite-config.ts';

export interface BuildResult { dir: string; built: boolean; ms: number }
export interface BuildOptions {
  /** Where builds live (default apps/studio/dist). */
  outRoot?: string;
  onProgress?: (text: string) => void;
  /** How long to wait for another process's build (default 180 s). */
  waitMs?: number;
}

const STALE_LOCK_MS = 10_000;
const POLL_MS = 200;

const ready = (dir: string) => existsSync(join(dir, 'index.html'));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Whether a lock folder's owner is gone (dead pid, or no pid written long after the lock was made). */
async function abandoned(lock: string): Promise<boolean> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (pid) return !alive(pid);
  const made = await stat(lock).then((s) => s.mtimeMs, () => 0);
  return made > 0 && Date.now() - made > STALE_LOCK_MS;
}

async function viteBuild(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build(studioViteConfig(outDir));
}

/** Keeps the newest few builds of other source versions (a platform still running may serve one) and removes the rest. */
async function pruneOthers(outRoot: string, keep: string, spare = 2): Promise<void> {
  const others = readdirSync(outRoot)
    .filter((n) => n !== keep && !n.endsWith('.lock') && !n.includes('.tmp-'))
    .map((n) => ({ n, t: statSync(join(outRoot, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of others.slice(spare)) await rm(join(outRoot, n), { recursive: true, force: true }).catch(() => {});
}

export async function ensureStudioBuild(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const outRoot = opts.outRoot ?? join(STUDIO_ROOT, 'dist');
  const hash = sourceHash(STUDIO_ROOT);
  const dir = join(outRoot, hash);
  const lock = `${dir}.lock`;
  const deadline = started + (opts.waitMs ?? 180_000);
  await mkdir(outRoot, { recursive: true });
  let told = false;
  while (!ready(dir)) {
    try {
      await mkdir(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await abandoned(lock)) { await rm(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`gave up waiting for another process to build the Studio (${lock})`);
      if (!told) { opts.onProgress?.('Waiting for the Studio build of another process'); told = true; }
      await pause(POLL_MS);
      continue;
    }
    try {
      await writeFile(join(lock, 'pid'), String(process.pid));
      if (ready(dir)) break;
      opts.onProgress?.('Building the Studio (first start after a change; takes a few seconds)');
      const tmp = `${dir}.tmp-${process.pid}`;
      await viteBuild(tmp);
      await rename(tmp, dir);
      await pruneOthers(outRoot, hash);
      return { dir, built: true, ms: Date.now() - started };
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  return { dir, built: false, ms: Date.now() - started };
}
