// Objects written by the platform itself (not by an API caller): another service of the project (the AI
// service's sources and derivatives) keeps its files as real Storage objects, in a bucket it creates,
// with the same version files, storage.objects rows and cleanup as an API upload. Runs as the database's
// superuser (no RLS: the caller is the platform); keys are validated as for the API.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { silentLogger, type Logger } from '@powabase/core';
import type { Db } from '@powabase/db';
import { BackendNotFound, objectPath, type ObjectBackend } from '../backend/adapter.ts';
import { deleteObjects, findObject } from '../database/objects.ts';
import { StorageDb } from '../database/scope.ts';
import { mustBeValidBucketName, mustBeValidKey } from '../limits.ts';
import type { ObjectMetadata } from '../types.ts';
import { FileCleaner } from './cleaner.ts';
import { Uploader } from './uploader.ts';

export interface ServiceObjects {
  /** Creates the bucket when missing (an existing one is left as it is). */
  ensureBucket(id: string, o?: { public?: boolean }): Promise<void>;
  /** Stores (or replaces) `bucket/name`; the row is written only once the bytes are stored. */
  put(bucketId: string, name: string, body: Readable, o?: { contentType?: string; signal?: AbortSignal }): Promise<{ size: number }>;
  /** The object's bytes, or null when there is no such row (or its file is gone). */
  get(bucketId: string, name: string): Promise<{ body: Readable; size: number; contentType?: string } | null>;
  /** Deletes rows and their files; absent names are ignored. */
  remove(bucketId: string, names: readonly string[]): Promise<void>;
  /** Deletes every object whose name starts with `prefix`. */
  removePrefix(bucketId: string, prefix: string): Promise<void>;
}

const PAGE = 1000;

export function createServiceObjects(o: { db: Db; backend: ObjectBackend; log?: Logger }): ServiceObjects {
  const db = new StorageDb(o.db, null);
  const cleaner = new FileCleaner(o.backend, o.log ?? silentLogger);
  const uploader = new Uploader(o.backend, cleaner, Number.MAX_SAFE_INTEGER);
  const remove = async (bucketId: string, names: readonly string[]) => {
    for (let i = 0; i < names.length; i += PAGE) {
      const rows = await db.tx('storage.object.delete', (c) => deleteObjects(c, bucketId, names.slice(i, i + PAGE)));
      await cleaner.remove(rows.filter((r) => r.version).map((r) => objectPath(r.bucket_id, r.name, r.version!)));
    }
  };
  return {
    async ensureBucket(id, b = {}) {
      mustBeValidBucketName(id);
      await db.tx('storage.bucket.create', (c) => c.query(
        'insert into storage.buckets (id, name, public) values ($1, $1, $2) on conflict (id) do nothing', [id, b.public ?? false]));
    },
    async put(bucketId, name, body, p = {}) {
      mustBeValidKey(name);
      const version = randomUUID();
      const path = objectPath(bucketId, name, version);
      const stat = await o.backend.put(path, body, { contentType: p.contentType, signal: p.signal });
      const mimetype = p.contentType ?? 'application/octet-stream';
      const metadata: ObjectMetadata = {
        eTag: stat.etag, size: stat.size, mimetype, cacheControl: 'max-age=3600',
        lastModified: stat.lastModified.toUTCString(), contentLength: stat.size, httpStatusCode: 200,
      };
      await uploader.commit(db, { bucketId, name, upsert: true }, version, metadata, null, [path]);
      return { size: stat.size };
    },
    async get(bucketId, name) {
      mustBeValidKey(name);
      const row = await db.tx('storage.object.get', (c) => findObject(c, bucketId, name));
      if (!row?.version) return null;
      try {
        const r = await o.backend.get(objectPath(row.bucket_id, row.name, row.version));
        return { body: r.body, size: r.size, contentType: row.metadata?.mimetype };
      } catch (e) {
        if (e instanceof BackendNotFound) return null;
        throw e;
      }
    },
    remove,
    async removePrefix(bucketId, prefix) {
      for (;;) {
        const r = await db.tx('storage.object.list', (c) => c.query<{ name: string }>(
          'select name from storage.objects where bucket_id = $1 and left(name, length($2)) = $2 order by name collate "C" limit $3',
          [bucketId, prefix, PAGE]));
        const names = r.rows.map((x) => x.name);
        if (!names.length) return;
        await remove(bucketId, names);
        if (names.length < PAGE) return;
      }
    },
  };
}
