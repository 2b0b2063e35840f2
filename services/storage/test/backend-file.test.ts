// The filesystem backend against the conformance suite, plus its temp-file and folder-pruning specifics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFileBackend } from '../src/index.ts';
import { backendConformance, type BackendFixture } from './backend-conformance.ts';
import { filesUnder, tempDir } from './helpers.ts';

describe('file backend', () => {
  let dir: { path: string; remove(): Promise<void> };
  let fx: BackendFixture;
  before(async () => {
    dir = await tempDir('fb');
    const root = join(dir.path, 'p1');
    fx = {
      backend: createFileBackend({ root }),
      neighbour: createFileBackend({ root: join(dir.path, 'p2') }),
      everything: () => filesUnder(dir.path),
      leftovers: async () => (await readdir(join(root, '.tmp')).catch(() => [])).length,
    };
  });
  after(async () => { await dir.remove(); });
  backendConformance(() => fx);

  test('deleting the last object of a folder removes the empty folders up to the root', async () => {
    await fx.backend.put('prune/a/b/c', Readable.from([Buffer.from('x')]));
    await fx.backend.delete(['prune/a/b/c']);
    assert.deepEqual((await readdir(join(dir.path, 'p1'))).filter((n) => n === 'prune'), []);
  });

  test('the .tmp folder is not reachable as a key', async () => {
    await assert.rejects(fx.backend.put('.tmp/x', Readable.from([Buffer.from('x')])));
  });
});
