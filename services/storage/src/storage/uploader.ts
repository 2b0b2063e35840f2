// The upload pipeline shared by simple, signed, resumable and S3 uploads: checks (bucket, key, declared
// size, permission as the caller) before any byte is read, then streams into a new version file, then
// records the row; the previous version's file is removed only after the row points at the new one.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { objectPath, type ObjectBackend } from '../backend/adapter.ts';
import { findBucket } from '../database/buckets.ts';
import { currentVersion, insertObject, lockObject, upsertObject, type ObjectWrite } from '../database/objects.ts';
import { asSessionUser, type StorageDb } from '../database/scope.ts';
import { raise } from '../errors.ts';
import { effectiveSizeLimit, isFolderPlaceholder, MAX_METADATA_BYTES, mustBeAllowedMime, mustBeValidKey } from '../limits.ts';
import { ownerColumns, type Bucket, type ObjectMetadata } from '../types.ts';
import { limitBytes } from './byte-limit.ts';
import type { FileCleaner } from './cleaner.ts';

export interface UploadRequest {
  bucketId: string;
  name: string;
  upsert: boolean;
  /** Owner recorded on the row (the caller's `sub`, or a signed upload token's owner). */
  owner?: string;
  /** Content-Length of a raw body, checked against the limit before reading. */
  declaredLength?: number;
  signal?: AbortSignal;
  operation?: string;
}

/** The body once it is known: a raw request body, or the file part of a multipart form. */
export interface UploadSource {
  body: Readable;
  mimetype: string;
  cacheControl: string;
  contentEncoding?: string;
  userMetadata: Record<string, unknown> | null;
  /** Runs after the bytes are stored and before the row is written (e.g. a payload hash check); a throw discards them. */
  beforeCommit?: () => void;
}

export interface UploadResult { id: string; bucketId: string; name: string; metadata: ObjectMetadata; version: string }

export class Uploader {
  constructor(private readonly backend: ObjectBackend, private readonly cleaner: FileCleaner, private readonly globalLimit: number) {}

  /** Everything that can refuse an upload without reading its body. Returns the bucket and the byte limit. */
  async prepare(db: StorageDb, req: UploadRequest, limitOverride?: number): Promise<{ bucket: Bucket; limit: number }> {
    mustBeValidKey(req.name);
    const bucket = await db.asSuperUser().tx('storage.bucket.get', (c) => findBucket(c, req.bucketId));
    if (!bucket) throw raise('NoSuchBucket');
    const limit = effectiveSizeLimit(limitOverride ?? this.globalLimit, bucket.file_size_limit, req.name);
    if (req.declaredLength !== undefined && req.declaredLength > limit) throw raise('EntityTooLarge');
    await db.testPermission(req.operation ?? 'storage.object.upload', (c) => this.write(c, req, {
      id: randomUUID(), bucket_id: req.bucketId, name: req.name, version: randomUUID(), ...ownerColumns(req.owner),
      metadata: {}, user_metadata: null,
    }));
    return { bucket, limit };
  }

  /** Streams the body into the backend and records it. `prepare` must have run for this request. */
  async store(db: StorageDb, req: UploadRequest, prepared: { bucket: Bucket; limit: number }, src: UploadSource): Promise<UploadResult> {
    if (!isFolderPlaceholder(req.name)) mustBeAllowedMime(src.mimetype, prepared.bucket.allowed_mime_types);
    if (src.userMetadata && Buffer.byteLength(JSON.stringify(src.userMetadata)) > MAX_METADATA_BYTES) {
      throw raise('EntityTooLarge', 'The user metadata exceeded the maximum allowed size');
    }
    const version = randomUUID();
    const path = objectPath(req.bucketId, req.name, version);
    const stat = await this.backend.put(path, limitBytes(src.body, prepared.limit), {
      contentType: src.mimetype, cacheControl: src.cacheControl, signal: req.signal,
    });
    if (src.beforeCommit) {
      try {
        src.beforeCommit();
      } catch (e) {
        await this.cleaner.remove([path]);
        throw e;
      }
    }
    const metadata: ObjectMetadata = {
      eTag: stat.etag, size: stat.size, mimetype: src.mimetype, cacheControl: src.cacheControl,
      lastModified: stat.lastModified.toUTCString(), contentLength: stat.size, httpStatusCode: 200,
      ...(src.contentEncoding ? { contentEncoding: src.contentEncoding } : {}),
    };
    const id = await this.commit(db, req, version, metadata, src.userMetadata, [path]);
    return { id, bucketId: req.bucketId, name: req.name, metadata, version };
  }

  /**
   * Records a stored version: the row is written as the caller (RLS), serialised per key; on failure the
   * new files are removed, on success the replaced version's file is.
   */
  async commit(db: StorageDb, req: UploadRequest, version: string, metadata: ObjectMetadata, userMetadata: Record<string, unknown> | null, newFiles: string[]): Promise<string> {
    let outcome: { id: string; previous: string | null };
    try {
      outcome = await db.tx(req.operation ?? 'storage.object.upload', async (c) => {
        await lockObject(c, req.bucketId, req.name);
        const prev = await asSessionUser(c, db.caller, () => currentVersion(c, req.bucketId, req.name));
        const row: ObjectWrite = {
          id: prev?.id ?? randomUUID(), bucket_id: req.bucketId, name: req.name, version, ...ownerColumns(req.owner),
          metadata, user_metadata: userMetadata,
        };
        await this.write(c, req, row);
        return { id: row.id, previous: prev?.version ?? null };
      });
    } catch (e) {
      await this.cleaner.remove(newFiles);
      throw e;
    }
    if (outcome.previous && outcome.previous !== version) {
      await this.cleaner.remove([objectPath(req.bucketId, req.name, outcome.previous)]);
    }
    return outcome.id;
  }

  private write(c: Parameters<typeof insertObject>[0], req: UploadRequest, row: ObjectWrite): Promise<void> {
    return req.upsert ? upsertObject(c, row) : insertObject(c, row);
  }
}
