// FileStore over the project's Storage service: originals and derivatives become real Storage objects
// (bucket `sources`, private, created on first write), visible in the Storage API and Studio, and
// import-from-storage reads real buckets. The port is what the app wires from the storage service
// (`createServiceObjects` in @powabase/storage); services do not import each other.
import type { Readable } from 'node:stream';
import { assertSafePath, FileNotFound, type FileStore } from './file-store.ts';
import { SOURCES_BUCKET } from './layout.ts';

/** Platform-side object access of the storage service (no RLS), as the app provides it. */
export interface StorageObjectsPort {
  ensureBucket(id: string, o?: { public?: boolean }): Promise<void>;
  put(bucketId: string, name: string, body: Readable, o?: { contentType?: string; signal?: AbortSignal }): Promise<{ size: number }>;
  get(bucketId: string, name: string): Promise<{ body: Readable; size: number; contentType?: string } | null>;
  remove(bucketId: string, names: readonly string[]): Promise<void>;
  removePrefix(bucketId: string, prefix: string): Promise<void>;
}

/** `ownBuckets`: buckets this service writes to, created private when missing (default: `sources`). */
export function createStorageFileStore(port: StorageObjectsPort, o: { ownBuckets?: readonly string[] } = {}): FileStore {
  const own = new Set(o.ownBuckets ?? [SOURCES_BUCKET]);
  const ready = new Map<string, Promise<void>>();
  const ensure = (bucket: string): Promise<void> => {
    if (!own.has(bucket)) return Promise.resolve();
    let p = ready.get(bucket);
    if (!p) {
      p = port.ensureBucket(bucket, { public: false });
      p.catch(() => ready.delete(bucket)); // retried by the next write
      ready.set(bucket, p);
    }
    return p;
  };
  const check = (bucket: string, path: string) => { assertSafePath(bucket); assertSafePath(path); };
  return {
    async put(bucket, path, body, opts = {}) {
      check(bucket, path);
      await ensure(bucket);
      return port.put(bucket, path, body, { contentType: opts.contentType, signal: opts.signal });
    },
    async get(bucket, path) {
      check(bucket, path);
      const f = await port.get(bucket, path);
      if (!f) throw new FileNotFound(bucket, path);
      return f;
    },
    async delete(bucket, paths) {
      paths.forEach((p) => check(bucket, p));
      if (paths.length) await port.remove(bucket, paths);
    },
    async deletePrefix(bucket, prefix) {
      const clean = prefix.replace(/\/+$/, '');
      check(bucket, clean);
      await port.removePrefix(bucket, `${clean}/`);
    },
  };
}
