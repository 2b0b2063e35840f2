// Resumable uploads (TUS 1.0.0) with @tus/server over a @tus/file-store folder that survives restarts.
// Who calls is carried into tus' hooks with AsyncLocalStorage. Checks mirror simple uploads: on create the
// key, bucket, size, MIME type and permission (as the caller, or a signed upload token); every later
// request must come from the same caller or token; on completion the file streams through the uploader
// (RLS INSERT or upsert again) into the backend, and the TUS copy is removed.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type ServerOptions } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';
import { isPowabaseError } from '@powabase/core';
import { raise } from '../../../errors.ts';
import { entryOf } from '../../../errors.ts';
import { isValidBucketName, mustBeAllowedMime, mustBeValidKey } from '../../../limits.ts';
import type { UploadTokenClaims } from '../../../storage/signer.ts';
import type { Storage } from '../../../storage/storage.ts';
import type { UploadRequest } from '../../../storage/uploader.ts';
import { emit } from '../../../storage/events.ts';
import type { ServiceContext } from '../../context.ts';
import { renderStorageError } from '../../errors.ts';

/** What the Fastify route knows about the request, handed to tus' hooks. */
export interface TusRequestContext {
  storage: Storage;
  /** `sub` (or role) of an authenticated caller; null on the signed endpoint. */
  callerKey: string | null;
  upsert: boolean;
  /** The `x-signature` token on the signed endpoint. */
  signature?: string;
}

export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** A tus hook failure: tus writes `status_code` and `body`; the body is the storage JSON error. */
function tusError(e: unknown): { status_code: number; body: string } {
  if (e && typeof e === 'object' && 'status_code' in e) return e as { status_code: number; body: string };
  const code = isPowabaseError(e) && entryOf(e.code) ? e.code : 'InternalError';
  const r = renderStorageError(code, isPowabaseError(e) ? e.message : undefined);
  return { status_code: Number(r.body.statusCode) || 500, body: JSON.stringify(r.body) };
}

interface UploadMeta { bucketName: string; objectName: string; contentType: string; cacheControl: string; metadata: Record<string, unknown> | null }

function metaOf(upload: Upload): UploadMeta {
  const m = upload.metadata ?? {};
  const cc = m.cacheControl ?? '';
  let userMetadata: Record<string, unknown> | null = null;
  try { userMetadata = m.metadata ? JSON.parse(m.metadata) : null; } catch { userMetadata = null; }
  return {
    bucketName: m.bucketName ?? '', objectName: m.objectName ?? '',
    contentType: m.contentType || 'application/octet-stream',
    cacheControl: cc ? (/^\d+$/.test(cc) ? `max-age=${cc}` : cc) : 'no-cache',
    metadata: userMetadata && typeof userMetadata === 'object' ? userMetadata : null,
  };
}

export interface TusServers {
  authenticated: Server;
  signed: Server;
  run<T>(ctx: TusRequestContext, fn: () => Promise<T>): Promise<T>;
}

export function createTusServers(ctx: ServiceContext, prefix: string): TusServers {
  const als = new AsyncLocalStorage<TusRequestContext>();
  const directory = ctx.config.tus.dir ?? join(tmpdir(), 'powabase-tus', ctx.project.ref);
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: ctx.config.tus.urlExpiryMs });
  const current = () => { const c = als.getStore(); if (!c) throw raise('InternalError'); return c; };

  /** The token (signed endpoint) must be an upload token for exactly this object. */
  async function signedClaims(c: TusRequestContext, m: UploadMeta): Promise<UploadTokenClaims> {
    return ctx.signer.verify<UploadTokenClaims>(c.signature, `${m.bucketName}/${m.objectName}`, 'upload');
  }

  function uploadRequest(c: TusRequestContext, m: UploadMeta, claims: UploadTokenClaims | null, owner: string | undefined): UploadRequest {
    return {
      bucketId: m.bucketName, name: m.objectName, operation: 'storage.object.upload_resumable',
      upsert: claims ? claims.upsert === true : c.upsert,
      owner: claims ? claims.owner : owner,
    };
  }

  async function onUploadCreate(_req: unknown, upload: Upload) {
    try {
      const c = current();
      const m = metaOf(upload);
      if (!isValidBucketName(m.bucketName)) throw raise('InvalidBucketName');
      mustBeValidKey(m.objectName);
      const claims = c.signature !== undefined ? await signedClaims(c, m) : null;
      const storage = claims ? c.storage.asSuperUser() : c.storage;
      const req = { ...uploadRequest(c, m, claims, storage.db.caller?.sub), declaredLength: upload.size };
      const { bucket } = await storage.uploader.prepare(storage.db, req, ctx.config.tus.maxSize);
      mustBeAllowedMime(m.contentType, bucket.allowed_mime_types);
      // Remember who may continue this upload, and the upsert choice made now.
      return { metadata: { ...upload.metadata, _caller: c.callerKey ?? '', _upsert: String(req.upsert), _owner: req.owner ?? '' } };
    } catch (e) {
      throw tusError(e);
    }
  }

  async function onIncomingRequest(_req: unknown, id: string) {
    const c = current();
    let upload: Upload;
    try { upload = await datastore.getUpload(id); } catch { return; } // tus answers 404 itself
    try {
      const stored = upload.metadata?._caller ?? '';
      if (c.signature !== undefined) await signedClaims(c, metaOf(upload));
      else if (stored !== (c.callerKey ?? '')) throw raise('AccessDenied', 'Upload belongs to another caller');
    } catch (e) {
      throw tusError(e);
    }
  }

  async function onUploadFinish(_req: unknown, upload: Upload) {
    const c = current();
    const m = metaOf(upload);
    try {
      const claims = c.signature !== undefined ? await signedClaims(c, m) : null;
      const storage = claims ? c.storage.asSuperUser() : c.storage;
      const req: UploadRequest = {
        ...uploadRequest(c, m, claims, upload.metadata?._owner || undefined),
        upsert: upload.metadata?._upsert === 'true',
      };
      const prepared = await storage.uploader.prepare(storage.db, req, ctx.config.tus.maxSize);
      const body = createReadStream(join(directory, upload.id));
      await storage.uploader.store(storage.db, req, prepared, { body, mimetype: m.contentType, cacheControl: m.cacheControl, userMetadata: m.metadata });
      return {};
    } catch (e) {
      emit(ctx.log, { event: 'storage_tus_upload_failed', upload: upload.id, error: (e as Error)?.message ?? String(e) });
      throw tusError(e);
    } finally {
      await datastore.remove(upload.id).catch(() => {});
    }
  }

  const common: Omit<ServerOptions, 'path' | 'locker'> = {
    maxSize: ctx.config.tus.maxSize,
    respectForwardedHeaders: true,
    namingFunction: () => randomUUID().replace(/-/g, ''),
    onUploadCreate,
    onUploadFinish,
    onIncomingRequest,
    allowedHeaders: ['Authorization', 'X-Upsert', 'Upload-Expires', 'ApiKey', 'X-Signature', 'X-Client-Info'],
    onResponseError: (_req, err) => (err && typeof err === 'object' && 'status_code' in err ? err : tusError(err)),
  };
  const base = `${prefix}/upload/resumable`;
  return {
    authenticated: new Server({ ...common, path: base, datastore }),
    signed: new Server({ ...common, path: `${base}/sign`, datastore }),
    run: (c, fn) => als.run(c, fn),
  };
}
