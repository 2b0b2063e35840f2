// FileStore on a local folder: `<root>/<bucket>/<path>`, written to a temp file and renamed into place.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { assertSafePath, FileNotFound, type FileStore } from './file-store.ts';

export function createFsFileStore(opts: { root: string }): FileStore {
  const file = (bucket: string, path: string) => {
    assertSafePath(bucket);
    assertSafePath(path);
    return join(opts.root, bucket, path);
  };
  return {
    async put(bucket, path, body: Readable, o = {}) {
      const target = file(bucket, path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${randomUUID()}.tmp`;
      let size = 0;
      const count = new Transform({ transform(chunk, _e, cb) { size += chunk.length; cb(null, chunk); } });
      try {
        await pipeline(body, count, createWriteStream(tmp), { signal: o.signal });
        if (o.contentType) await writeFile(`${target}.meta.json`, JSON.stringify({ contentType: o.contentType }));
        await rename(tmp, target);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      return { size };
    },
    async get(bucket, path) {
      const target = file(bucket, path);
      const st = await stat(target).catch(() => null);
      if (!st?.isFile()) throw new FileNotFound(bucket, path);
      const meta = await readFile(`${target}.meta.json`, 'utf8').then((s) => JSON.parse(s) as { contentType?: string }, () => ({} as { contentType?: string }));
      return { body: createReadStream(target), size: st.size, contentType: meta.contentType };
    },
    async delete(bucket, paths) {
      for (const p of paths) {
        const target = file(bucket, p);
        await rm(target, { force: true });
        await rm(`${target}.meta.json`, { force: true });
      }
    },
    async deletePrefix(bucket, prefix) {
      const clean = prefix.replace(/\/+$/, '');
      assertSafePath(clean);
      await rm(join(opts.root, bucket, clean), { recursive: true, force: true });
    },
  };
}
