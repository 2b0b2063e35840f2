// Debian's tesseract-ocr (and poppler's pdftoppm for PDF page renders), found at run time. Both run as
// child processes, so the calling thread only waits.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const found = new Map<string, Promise<boolean>>();

/** Whether an executable answers `-v` (cached per name). */
export function available(cmd: string): Promise<boolean> {
  let p = found.get(cmd);
  if (!p) {
    p = run(cmd, ['-v'], { timeout: 10_000 }).then(() => true, (e: NodeJS.ErrnoException & { code?: unknown }) => e.code !== 'ENOENT' && typeof e.code === 'number');
    found.set(cmd, p);
  }
  return p;
}

export async function ocrImage(tesseract: string, path: string, languages: string): Promise<string> {
  const { stdout } = await run(tesseract, [path, 'stdout', '-l', languages], { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  return stdout.replace(/\f/g, '').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Renders pages (1-based, inclusive range) of a PDF to PNG files in `dir`; returns page -> file. */
export async function renderPdfPages(pdftoppm: string, pdf: string, dir: string, dpi: number, first?: number, last?: number): Promise<Map<number, string>> {
  const prefix = join(dir, first ? `p${first}` : 'page');
  const args = ['-png', '-r', String(dpi)];
  if (first) args.push('-f', String(first), '-l', String(last ?? first));
  await run(pdftoppm, [...args, pdf, prefix], { timeout: 600_000 });
  const out = new Map<number, string>();
  const base = prefix.split('/').pop()!;
  for (const f of await readdir(dir)) {
    const m = f.startsWith(base) ? /-(\d+)\.png$/.exec(f) : null;
    if (m) out.set(Number(m[1]), join(dir, f));
  }
  return out;
}
