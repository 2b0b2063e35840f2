// Object operations within one bucket: read, info, list, move, copy, remove, signed URLs. Each runs as
// the caller (RLS) unless the Storage it came from is the superuser one (public and signed access).
import { randomUUID } from 'node:crypto';
import { BackendNotFound, objectPath, type ByteRange, type GetResult } from '../backend/adapter.ts';
import { findBucket } from '../database/buckets.ts';
import { deleteObjects, findObject, findObjects, lockObject, namesAfter, renameObject } from '../database/objects.ts';
import { asSessionUser } from '../database/scope.ts';
import { listV2, searchV1, type ListV2Query, type SearchRow, type SearchV1Query } from '../database/search.ts';
import { raise } from '../errors.ts';
import { MAX_DELETE_OBJECTS, mustBeValidKey } from '../limits.ts';
import type { ObjectMetadata, ObjectRow } from '../types.ts';
import type { Storage } from './storage.ts';

export interface SignedUrlResult { path: string; signedURL: string | null; error: string | null }

const PAGE = 1000;

export class ObjectStorage {
  constructor(private readonly storage: Storage, readonly bucketId: string) {}

  private get db() { return this.storage.db; }
  private get backend() { return this.storage.deps.backend; }

  /** The row, as the caller may see it; NoSuchKey otherwise. */
  async findObject(name: string, operation = 'storage.object.get'): Promise<ObjectRow> {
    mustBeValidKey(name);
    const row = await this.db.tx(operation, (c) => findObject(c, this.bucketId, name));
    if (!row) throw raise('NoSuchKey');
    return row;
  }

  /** Public access: the bucket must be public; no RLS. */
  async findPublicObject(name: string): Promise<ObjectRow> {
    mustBeValidKey(name);
    const su = this.db.asSuperUser();
    const row = await su.tx('storage.object.get_public', async (c) => {
      const bucket = await findBucket(c, this.bucketId);
      if (!bucket || !bucket.public) throw raise('NoSuchBucket');
      return findObject(c, this.bucketId, name);
    });
    if (!row) throw raise('NoSuchKey');
    return row;
  }

  /** Opens the bytes of a row (a range of them when asked). */
  async read(row: ObjectRow, range?: ByteRange, signal?: AbortSignal): Promise<GetResult> {
    if (!row.version) throw raise('NoSuchKey');
    try {
      return await this.backend.get(objectPath(row.bucket_id, row.name, row.version), { range, signal });
    } catch (e) {
      if (e instanceof BackendNotFound) throw raise('NoSuchKey');
      throw e;
    }
  }

  search(q: SearchV1Query): Promise<SearchRow[]> {
    return this.db.tx('storage.object.list', async (c) => {
      if (!(await asSessionUser(c, this.db.caller, () => findBucket(c, this.bucketId)))) throw raise('NoSuchBucket');
      return searchV1(c, this.bucketId, q);
    });
  }

  listV2(q: ListV2Query) {
    return this.db.tx('storage.object.list_v2', async (c) => {
      if (!(await asSessionUser(c, this.db.caller, () => findBucket(c, this.bucketId)))) throw raise('NoSuchBucket');
      return listV2(c, this.bucketId, q);
    });
  }

  /** Deletes the named objects the caller may delete (others are skipped silently) and their files. */
  async remove(names: readonly string[]): Promise<ObjectRow[]> {
    if (names.length < 1 || names.length > MAX_DELETE_OBJECTS) throw raise('InvalidRequest', `prefixes must contain between 1 and ${MAX_DELETE_OBJECTS} items`);
    const rows = await this.db.tx('storage.object.delete', (c) => deleteObjects(c, this.bucketId, names));
    await this.storage.cleaner.remove(rows.filter((r) => r.version).map((r) => objectPath(r.bucket_id, r.name, r.version!)));
    return rows;
  }

  async removeOne(name: string): Promise<void> {
    mustBeValidKey(name);
    const rows = await this.remove([name]);
    if (!rows.length) throw raise('NoSuchKey');
  }

  async removeAll(): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const names = await this.db.tx('storage.bucket.empty', (c) => namesAfter(c, this.bucketId, after, PAGE));
      if (names.length) await this.remove(names);
      if (names.length < PAGE) return;
      after = names[names.length - 1];
    }
  }

  /** Renames an object (possibly into another bucket): SELECT + UPDATE as the caller. */
  async move(from: string, toBucket: string, to: string): Promise<void> {
    mustBeValidKey(from);
    mustBeValidKey(to);
    if (toBucket === this.bucketId && from === to) return;
    const version = randomUUID();
    await this.db.testPermission('storage.object.move', async (c) => {
      if (!(await findObject(c, this.bucketId, from))) throw raise('NoSuchKey');
      if (!(await asSessionUser(c, this.db.caller, () => findBucket(c, toBucket)))) throw raise('NoSuchBucket');
      if ((await renameObject(c, { bucketId: this.bucketId, name: from }, { bucketId: toBucket, name: to, version })) === 0) throw raise('NoSuchKey');
    });
    const source = await this.db.asSuperUser().tx('storage.object.move', (c) => findObject(c, this.bucketId, from));
    if (!source?.version) throw raise('NoSuchKey');
    const oldPath = objectPath(this.bucketId, from, source.version);
    const newPath = objectPath(toBucket, to, version);
    await this.copyFile(oldPath, newPath);
    try {
      const n = await this.db.tx('storage.object.move', async (c) => {
        await lockObject(c, this.bucketId, from);
        await lockObject(c, toBucket, to);
        return renameObject(c, { bucketId: this.bucketId, name: from, version: source.version }, { bucketId: toBucket, name: to, version });
      });
      if (n === 0) throw raise('NoSuchKey');
    } catch (e) {
      await this.storage.cleaner.remove([newPath]);
      throw e;
    }
    await this.storage.cleaner.remove([oldPath]);
  }

  /** Copies an object: SELECT on the source, INSERT (or upsert) on the destination, as the caller. */
  async copy(from: string, toBucket: string, to: string, opts: { upsert: boolean; owner?: string; copyMetadata: boolean; metadata?: Record<string, unknown> | null }): Promise<{ id: string }> {
    mustBeValidKey(to);
    const source = await this.findObject(from, 'storage.object.copy');
    if (!source.version || !source.metadata) throw raise('NoSuchKey');
    const req = { bucketId: toBucket, name: to, upsert: opts.upsert, owner: opts.owner, operation: 'storage.object.copy' };
    await this.storage.uploader.prepare(this.db, req, Number.MAX_SAFE_INTEGER);
    const version = randomUUID();
    const newPath = objectPath(toBucket, to, version);
    await this.copyFile(objectPath(this.bucketId, from, source.version), newPath);
    const metadata: ObjectMetadata = { ...source.metadata, lastModified: new Date().toUTCString() };
    const userMetadata = opts.copyMetadata ? source.user_metadata : (opts.metadata ?? null);
    const id = await this.storage.uploader.commit(this.db, req, version, metadata, userMetadata, [newPath]);
    return { id };
  }

  private async copyFile(from: string, to: string): Promise<void> {
    try {
      await this.backend.copy(from, to);
    } catch (e) {
      if (e instanceof BackendNotFound) throw raise('NoSuchKey');
      throw e;
    }
  }

  async signUrl(name: string, expiresIn: number, transformations?: string): Promise<string> {
    await this.findObject(name, 'storage.object.sign');
    const url = `${this.bucketId}/${name}`;
    const token = await this.storage.deps.signer.signDownload(url, expiresIn, transformations);
    const base = transformations ? '/render/image/sign' : '/object/sign';
    return `${base}/${url}?token=${token}`;
  }

  async signUrls(names: readonly string[], expiresIn: number): Promise<SignedUrlResult[]> {
    const rows = await this.db.tx('storage.object.sign', (c) => findObjects(c, this.bucketId, names));
    const found = new Set(rows.map((r) => r.name));
    return Promise.all(names.map(async (name) => {
      if (!found.has(name)) return { path: name, signedURL: null, error: 'Either the object does not exist or you do not have access to it' };
      const url = `${this.bucketId}/${name}`;
      const token = await this.storage.deps.signer.signDownload(url, expiresIn);
      return { path: name, signedURL: `/object/sign/${url}?token=${token}`, error: null };
    }));
  }

  /** Checks the caller may create (or upsert) `name` now, and returns a signed upload URL path and token. */
  async signUploadUrl(name: string, upsert: boolean, owner: string | undefined): Promise<{ url: string; token: string }> {
    await this.storage.uploader.prepare(this.db, { bucketId: this.bucketId, name, upsert, owner, operation: 'storage.object.upload_sign' });
    const url = `${this.bucketId}/${name}`;
    const token = await this.storage.deps.signer.signUpload(url, this.storage.deps.config.uploadSignedUrlExpirySeconds, owner, upsert);
    return { url: `/object/upload/sign/${url}?token=${token}`, token };
  }
}
