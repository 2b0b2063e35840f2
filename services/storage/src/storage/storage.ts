// The Storage domain facade: bucket operations, and `from(bucket)` for object operations. Built per
// request around the caller's database scope; holds no transport types.
import type { Logger } from '@powabase/core';
import type { ObjectBackend } from '../backend/adapter.ts';
import {
  bucketHasObjects, deleteBucket, findBucket, insertBucket, listBuckets, updateBucket, type ListBucketsQuery,
} from '../database/buckets.ts';
import { asSessionUser, type StorageDb } from '../database/scope.ts';
import { raise } from '../errors.ts';
import { mustBeValidBucketName, parseFileSizeLimit } from '../limits.ts';
import { ownerColumns, type Bucket } from '../types.ts';
import type { StorageConfig } from '../config.ts';
import { FileCleaner } from './cleaner.ts';
import { ObjectStorage } from './object-storage.ts';
import type { Signer } from './signer.ts';
import { Uploader } from './uploader.ts';

export interface StorageDeps {
  backend: ObjectBackend;
  config: StorageConfig;
  signer: Signer;
  log: Logger;
}

export interface BucketInput {
  id?: unknown;
  name?: unknown;
  public?: unknown;
  file_size_limit?: unknown;
  allowed_mime_types?: unknown;
  type?: unknown;
}

function mimeList(v: unknown): string[] | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw raise('InvalidRequest', 'allowed_mime_types must be an array of strings');
  return (v as string[]).filter((x) => x.trim() !== '');
}

export class Storage {
  readonly uploader: Uploader;
  readonly cleaner: FileCleaner;

  constructor(readonly db: StorageDb, readonly deps: StorageDeps) {
    this.cleaner = new FileCleaner(deps.backend, deps.log);
    this.uploader = new Uploader(deps.backend, this.cleaner, deps.config.fileSizeLimit);
  }

  from(bucketId: string): ObjectStorage {
    return new ObjectStorage(this, bucketId);
  }

  asSuperUser(): Storage {
    return new Storage(this.db.asSuperUser(), this.deps);
  }

  listBuckets(q: ListBucketsQuery): Promise<Bucket[]> {
    return this.db.tx('storage.bucket.list', (c) => listBuckets(c, q));
  }

  async getBucket(id: string): Promise<Bucket> {
    const b = await this.db.tx('storage.bucket.get', (c) => findBucket(c, id));
    if (!b) throw raise('NoSuchBucket');
    return b;
  }

  async createBucket(input: BucketInput): Promise<{ name: string }> {
    const id = mustBeValidBucketName(input.id ?? input.name);
    const name = input.name === undefined ? id : mustBeValidBucketName(input.name);
    if (input.type !== undefined && input.type !== 'STANDARD') throw raise('InvalidRequest', 'Only STANDARD buckets are supported');
    await this.db.tx('storage.bucket.create', (c) => insertBucket(c, {
      id, name, public: input.public === true, type: 'STANDARD',
      file_size_limit: parseFileSizeLimit(input.file_size_limit),
      allowed_mime_types: mimeList(input.allowed_mime_types) ?? null,
      ...ownerColumns(this.db.caller?.sub),
    }));
    return { name: id };
  }

  async updateBucket(id: string, input: BucketInput): Promise<void> {
    mustBeValidBucketName(id);
    const patch = {
      public: typeof input.public === 'boolean' ? input.public : undefined,
      file_size_limit: input.file_size_limit === undefined ? undefined : parseFileSizeLimit(input.file_size_limit),
      allowed_mime_types: mimeList(input.allowed_mime_types),
    };
    const n = await this.db.tx('storage.bucket.update', (c) => updateBucket(c, id, patch));
    if (n === 0) throw raise('NoSuchBucket');
  }

  async deleteBucket(id: string): Promise<void> {
    await this.db.tx('storage.bucket.delete', async (c) => {
      if (!(await findBucket(c, id))) throw raise('NoSuchBucket');
      // Objects the caller cannot see still keep the bucket from being deleted.
      if (await asSessionUser(c, this.db.caller, () => bucketHasObjects(c, id))) throw raise('ResourceNotEmpty');
      if ((await deleteBucket(c, id)) === 0) throw raise('NoSuchBucket');
    });
  }

  /** Deletes every object of the bucket the caller may delete, in pages, with their files. */
  async emptyBucket(id: string): Promise<void> {
    await this.getBucket(id);
    await this.from(id).removeAll();
  }
}
