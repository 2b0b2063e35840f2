// Runs the test suite with node's test runner: every *.test.ts under packages/, services/, apps/ and tests/.
// `--tier unit` skips tests/e2e, `--tier e2e` runs only it. When a PostgreSQL server can be started here
// (scripts/pg-server.mjs), TEST_PG_URL points the postgres-engine tests at it; otherwise they skip.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const tier = args.includes('--tier') ? args[args.indexOf('--tier') + 1] : 'all';
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--tier');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let files = ['packages', 'services', 'apps', 'tests'].filter((d) => existsSync(join(root, d))).flatMap((d) => walk(join(root, d)));
files = files.map((f) => relative(root, f)).sort();
if (tier === 'unit') files = files.filter((f) => !f.startsWith('tests/e2e/'));
if (tier === 'e2e') files = files.filter((f) => f.startsWith('tests/e2e/'));
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));

let pg = null;
if (!process.env.TEST_PG_URL && tier !== 'e2e' && !process.env.POWABASE_TEST_NO_PG) {
  const { startPgServer } = await import('./pg-server.mjs').catch(() => ({}));
  if (startPgServer) pg = await startPgServer().catch((e) => { console.error(`# postgres engine tests skipped: ${e.message}`); return null; });
  if (pg) process.env.TEST_PG_URL = pg.url;
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root, stdio: 'inherit', env: process.env,
});
const code = await new Promise((r) => child.on('exit', (c, s) => r(c ?? (s ? 1 : 0))));
if (pg) await pg.stop();
process.exit(code);
