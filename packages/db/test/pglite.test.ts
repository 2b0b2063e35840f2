// The Db conformance suite against the pglite engine: a fresh PGlite (initdb) in a temp folder.
import { after } from 'node:test';
import { openPglite } from '../src/pglite/engine.ts';
import { defineDbConformance } from './conformance.ts';
import { tempDir } from './helpers.ts';

const dirs: { remove(): Promise<void> }[] = [];
after(async () => { for (const d of dirs) await d.remove(); });

defineDbConformance('pglite', async () => {
  const dir = await tempDir('pglite');
  dirs.push(dir);
  return openPglite({ dataDir: dir.path + '/data', password: 'conformance-secret' });
}, { vector: true });
