// The Studio's own TypeScript checks: the browser code (JSX, bundler resolution) and the Node side (server/,
// tests). The root typecheck sees neither .tsx files nor these folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { STUDIO_ROOT } from '../server/vite-config.ts';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

for (const project of ['tsconfig.json', 'tsconfig.node.json']) {
  test(`tsc -p apps/studio/${project} is clean`, () => {
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', join(STUDIO_ROOT, project), '--noEmit'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}` || String(e);
    }
    assert.equal(out, '');
  });
}
