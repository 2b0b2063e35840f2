// Filesystem backend: one folder per project. A put streams into `<root>/.tmp/<uuid>` while hashing, then
// renames into place (atomic on one filesystem), so readers never see a partial file and a failed write
// leaves nothing. Every key is resolved and checked to stay inside the root.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSafeBackendKey, BackendKeyRefused, BackendNotFound,
  type ByteRange, type GetResult, type ListEntry, type ObjectBackend, type ObjectStat, type PutOptions,
} from './adapter.ts';

const TMP = '.tmp';

export interface FileBackendOptions { root: string }

const isNotFound = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException)?.code ?? '');

function md5Tap(): { tap: Transform; digest(): string; size(): number } {
  const h = createHash('md5');
  let n = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) { h.update(chunk); n += chunk.length; cb(null, chunk); },
  });
  return { tap, digest: () => `"${h.digest('hex')}"`, size: () => n };
}

export function createFileBackend(opts: FileBackendOptions): ObjectBackend {
  const root = resolve(opts.root);
  const tmpDir = join(root, TMP);

  /** Absolute path of a key, refusing anything that would resolve outside the root (or into .tmp). */
  function pathOf(key: string): string {
    assertSafeBackendKey(key);
    const p = resolve(root, key);
    if (!p.startsWith(root + sep) || relative(root, p).split(sep)[0] === TMP) throw new BackendKeyRefused(key);
    return p;
  }

  async function writeAtomically(key: string, source: Readable, signal?: AbortSignal): Promise<ObjectStat> {
    const finalPath = pathOf(key);
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const { tap, digest, size } = md5Tap();
    try {
      await pipeline(source, tap, createWriteStream(tmp, { flags: 'wx' }), { signal });
      await mkdir(dirname(finalPath), { recursive: true });
      await rename(tmp, finalPath);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
    const st = await stat(finalPath);
    return { size: size(), etag: digest(), lastModified: st.mtime };
  }

  async function hashFile(path: string): Promise<string> {
    const { tap, digest } = md5Tap();
    await pipeline(createReadStream(path), tap, async function* (src) { for await (const _ of src) { /* drain */ } });
    return digest();
  }

  /** Removes now-empty folders between a deleted file and the root. */
  async function pruneDirs(from: string): Promise<void> {
    let dir = dirname(from);
    while (dir.startsWith(root + sep)) {
      try { await rmdir(dir); } catch { return; }
      dir = dirname(dir);
    }
  }

  async function* walk(dir: string): AsyncGenerator<string> {
    let names: string[];
    try { names = (await readdir(dir)).sort(); } catch (e) { if (isNotFound(e)) return; throw e; }
    for (const name of names) {
      const p = join(dir, name);
      if (dir === root && name === TMP) continue;
      const st = await stat(p).catch(() => null);
      if (!st) continue;
      if (st.isDirectory()) yield* walk(p);
      else yield p;
    }
  }

  return {
    kind: 'file',
    put: (key, body, o?: PutOptions) => writeAtomically(key, body, o?.signal),

    async get(key, o?: { range?: ByteRange; signal?: AbortSignal }): Promise<GetResult> {
      const path = pathOf(key);
      // Open first, then stat the open descriptor: a concurrent replace cannot mix two files.
      const fh = await open(path, 'r').catch((e) => { throw isNotFound(e) ? new BackendNotFound(key) : e; });
      try {
        const st = await fh.stat();
        if (!st.isFile()) throw new BackendNotFound(key);
        const range = o?.range;
        const body = fh.createReadStream({ start: range?.start, end: range?.end, autoClose: true, signal: o?.signal });
        return { body, size: st.size, lastModified: st.mtime, range };
      } catch (e) {
        await fh.close().catch(() => {});
        throw e;
      }
    },

    async head(key): Promise<ObjectStat | null> {
      const path = pathOf(key);
      const st = await stat(path).catch((e) => { if (isNotFound(e)) return null; throw e; });
      if (!st || !st.isFile()) return null;
      return { size: st.size, etag: await hashFile(path), lastModified: st.mtime };
    },

    async delete(keys): Promise<void> {
      for (const key of keys) {
        const path = pathOf(key);
        try { await unlink(path); } catch (e) { if (!isNotFound(e)) throw e; continue; }
        await pruneDirs(path);
      }
    },

    async copy(from, to): Promise<ObjectStat> {
      const src = pathOf(from);
      const fh = await open(src, 'r').catch((e) => { throw isNotFound(e) ? new BackendNotFound(from) : e; });
      return writeAtomically(to, fh.createReadStream({ autoClose: true }));
    },

    async *list(prefix): AsyncIterable<ListEntry> {
      // Walk only the deepest folder the prefix names completely.
      const slash = prefix.lastIndexOf('/');
      const base = slash >= 0 ? prefix.slice(0, slash) : '';
      if (base) assertSafeBackendKey(base);
      for await (const p of walk(base ? join(root, base) : root)) {
        const key = relative(root, p).split(sep).join('/');
        if (!key.startsWith(prefix)) continue;
        const st = await stat(p).catch(() => null);
        if (st) yield { key, size: st.size, lastModified: st.mtime };
      }
    },
  };
}
