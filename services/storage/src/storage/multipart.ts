// S3 multipart uploads: parts stream into the backend under `#multipart/<upload>/` (a name no bucket can
// have), completion streams them in order through the uploader (permission and limits as a simple
// upload, RLS as the caller) into one new object version, then the parts are removed.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { deleteUpload, findUpload, insertUpload, listParts, listUploads, upsertPart, type MultipartPart, type MultipartUpload } from '../database/multipart.ts';
import { raise } from '../errors.ts';
import { limitBytes } from './byte-limit.ts';
import type { Storage } from './storage.ts';
import type { UploadRequest, UploadResult } from './uploader.ts';

export const MAX_PART_NUMBER = 10_000;
export const MAX_PART_SIZE = 5 * 1024 ** 3;

const partPath = (uploadId: string, version: string) => `#multipart/${uploadId}/${version}`;
const unquote = (e: string) => e.replace(/^W\//, '').replace(/"/g, '');

export interface CreateMultipart {
  bucketId: string;
  key: string;
  /** Who may continue the upload (the caller's sub, or `role:<role>`, or the static key id). */
  callerKey: string;
  owner?: string;
  contentType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

export class MultipartUploads {
  constructor(private readonly storage: Storage, private readonly limit: number) {}

  private get su() { return this.storage.db.asSuperUser(); }
  private get backend() { return this.storage.deps.backend; }

  private request(u: MultipartUpload): UploadRequest {
    return { bucketId: u.bucket_id, name: u.key, upsert: true, owner: u.metadata?.owner, operation: 'storage.s3.multipart' };
  }

  async create(o: CreateMultipart): Promise<string> {
    const req: UploadRequest = { bucketId: o.bucketId, name: o.key, upsert: true, owner: o.owner, operation: 'storage.s3.multipart' };
    await this.storage.uploader.prepare(this.storage.db, req, this.limit);
    const id = randomUUID().replace(/-/g, '');
    await this.su.tx('storage.s3.multipart', (c) => insertUpload(c, {
      id, bucket_id: o.bucketId, key: o.key, version: randomUUID(), owner_id: o.owner ?? null, upload_signature: o.callerKey,
      user_metadata: o.userMetadata, metadata: { contentType: o.contentType, cacheControl: o.cacheControl, owner: o.owner },
    }));
    return id;
  }

  /** The upload, if it exists in this bucket/key and belongs to `callerKey`. */
  async find(uploadId: string, callerKey: string, bucketId?: string, key?: string): Promise<MultipartUpload> {
    const u = /^[0-9a-f]{32}$/.test(uploadId) ? await this.su.tx('storage.s3.multipart', (c) => findUpload(c, uploadId)) : null;
    if (!u || (bucketId !== undefined && u.bucket_id !== bucketId) || (key !== undefined && u.key !== key)) throw raise('NoSuchUpload');
    if (u.upload_signature !== callerKey) throw raise('AccessDenied', 'The upload belongs to another caller');
    return u;
  }

  async uploadPart(u: MultipartUpload, partNumber: number, body: Readable): Promise<{ etag: string; size: number }> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) throw raise('InvalidParameter', 'Invalid Parameter partNumber');
    const version = randomUUID();
    const path = partPath(u.id, version);
    const stat = await this.backend.put(path, limitBytes(body, Math.min(MAX_PART_SIZE, this.limit)));
    let replaced: string | null;
    try {
      replaced = await this.su.tx('storage.s3.multipart', (c) => upsertPart(c, u, { part_number: partNumber, etag: stat.etag, size: stat.size, version }));
    } catch (e) {
      await this.storage.cleaner.remove([path]);
      throw e;
    }
    if (replaced) await this.storage.cleaner.remove([partPath(u.id, replaced)]);
    return { etag: stat.etag, size: stat.size };
  }

  parts(u: MultipartUpload): Promise<MultipartPart[]> {
    return this.su.tx('storage.s3.multipart', (c) => listParts(c, u.id));
  }

  uploads(bucketId: string, prefix: string, limit: number): Promise<MultipartUpload[]> {
    return this.su.tx('storage.s3.multipart', (c) => listUploads(c, bucketId, prefix, limit));
  }

  async complete(u: MultipartUpload, requested: { partNumber: number; etag?: string }[]): Promise<UploadResult> {
    const stored = new Map((await this.parts(u)).map((p) => [p.part_number, p]));
    const chosen: MultipartPart[] = [];
    let last = 0;
    for (const r of requested) {
      const p = stored.get(r.partNumber);
      if (r.partNumber <= last) throw raise('InvalidRequest', 'The list of parts was not in ascending order');
      if (!p || (r.etag && unquote(r.etag) !== unquote(p.etag))) throw raise('InvalidRequest', `Part ${r.partNumber} was not uploaded or its ETag does not match`);
      chosen.push(p);
      last = r.partNumber;
    }
    if (!chosen.length) throw raise('InvalidRequest', 'You must specify at least one part');
    const backend = this.backend;
    const body = Readable.from((async function* () {
      for (const p of chosen) yield* (await backend.get(partPath(u.id, p.version))).body;
    })());
    const req = this.request(u);
    const prepared = await this.storage.uploader.prepare(this.storage.db, req, this.limit);
    const result = await this.storage.uploader.store(this.storage.db, req, prepared, {
      body, mimetype: u.metadata?.contentType || 'application/octet-stream', cacheControl: u.metadata?.cacheControl || 'no-cache', userMetadata: u.user_metadata,
    });
    await this.abort(u);
    return result;
  }

  async abort(u: MultipartUpload): Promise<void> {
    const parts = await this.su.tx('storage.s3.multipart', (c) => deleteUpload(c, u.id));
    await this.storage.cleaner.remove(parts.map((p) => partPath(u.id, p.version)));
  }
}
