// The Studio build: made once per source version (content hash), reused after, built once when processes
// start together, and a lock left by a dead process is taken over.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStudioBuild } from '../server/build.ts';
import { sourceHash } from '../server/source-hash.ts';
import { STUDIO_ROOT } from '../server/vite-config.ts';

const made: string[] = [];
const tempRoot = () => { const d = mkdtempSync(join(tmpdir(), 'studio-build-')); made.push(d); return d; };
after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

test('the source hash is stable and names the build folder', () => {
  const h = sourceHash(STUDIO_ROOT);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(sourceHash(STUDIO_ROOT), h);
});

test('builds once with Vite, then reuses the build; concurrent callers share one build', async () => {
  const outRoot = tempRoot();
  const progress: string[] = [];
  const [a, b] = await Promise.all([
    ensureStudioBuild({ outRoot, onProgress: (t) => progress.push(t) }),
    ensureStudioBuild({ outRoot, onProgress: (t) => progress.push(t) }),
  ]);
  assert.equal(a.dir, b.dir);
  assert.equal([a.built, b.built].filter(Boolean).length, 1, 'exactly one of them built');
  assert.ok(progress.some((t) => t.startsWith('Building the Studio')));
  const html = readFileSync(join(a.dir, 'index.html'), 'utf8');
  const script = html.match(/src="\/assets\/([^"]+\.js)"/)?.[1];
  assert.ok(script && existsSync(join(a.dir, 'assets', script)), 'index.html points at a built script');
  assert.ok(existsSync(join(a.dir, 'favicon.svg')), 'public/ files are copied');
  const again = await ensureStudioBuild({ outRoot });
  assert.deepEqual([again.dir, again.built], [a.dir, false]);
  assert.deepEqual(readdirSync(outRoot), [sourceHash(STUDIO_ROOT)], 'no temp folders or locks left behind');
});

test('a lock left by a process that died is taken over', async () => {
  const outRoot = tempRoot();
  const lock = join(outRoot, `${sourceHash(STUDIO_ROOT)}.lock`);
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), '2147483646'); // no such process
  const r = await ensureStudioBuild({ outRoot, waitMs: 60_000 });
  assert.equal(r.built, true);
  assert.ok(!existsSync(lock));
});
