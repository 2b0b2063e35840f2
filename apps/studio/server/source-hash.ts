// A hash of everything the Studio bundle is built from: its sources, index.html, package.json and the Vite
// config. The build folder is named after it, so a changed source (or a fresh clone) means a new build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const BUILD_INPUTS = ['index.html', 'package.json', 'server/vite-config.ts', 'src', 'public'];

function files(root: string, p: string, out: string[]): string[] {
  const full = join(root, p);
  if (!existsSync(full)) return out;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) {
      if (name.startsWith('.') || name.endsWith('.test.ts')) continue;
      files(root, join(p, name), out);
    }
  } else out.push(relative(root, full));
  return out;
}

export function sourceHash(root: string): string {
  const h = createHash('sha256');
  for (const f of BUILD_INPUTS.flatMap((p) => files(root, p, []))) {
    h.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}
