// Queries on storage.s3_multipart_uploads and its parts. Run by the service itself (the tables have RLS
// with no caller policies); who may continue an upload is checked by the domain.
import { ts } from './columns.ts';
import type { Client } from './scope.ts';

export interface MultipartUpload {
  id: string;
  bucket_id: string;
  key: string;
  version: string;
  owner_id: string | null;
  upload_signature: string;
  user_metadata: Record<string, unknown> | null;
  metadata: { contentType?: string; cacheControl?: string; upsert?: boolean; owner?: string } | null;
  created_at: string;
}

export interface MultipartPart { part_number: number; etag: string; size: number; version: string; created_at: string }

export async function insertUpload(c: Client, u: Omit<MultipartUpload, 'created_at'>): Promise<void> {
  await c.query(
    `insert into storage.s3_multipart_uploads (id, bucket_id, key, version, owner_id, upload_signature, user_metadata, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [u.id, u.bucket_id, u.key, u.version, u.owner_id, u.upload_signature, u.user_metadata && JSON.stringify(u.user_metadata), u.metadata && JSON.stringify(u.metadata)],
  );
}

export async function findUpload(c: Client, id: string): Promise<MultipartUpload | null> {
  const r = await c.query<MultipartUpload>(
    `select id, bucket_id, key, version, owner_id, upload_signature, user_metadata, metadata, ${ts('created_at')} from storage.s3_multipart_uploads where id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function listUploads(c: Client, bucketId: string, prefix: string, limit: number): Promise<MultipartUpload[]> {
  const r = await c.query<MultipartUpload>(
    `select id, bucket_id, key, version, owner_id, upload_signature, user_metadata, metadata, ${ts('created_at')}
     from storage.s3_multipart_uploads where bucket_id = $1 and starts_with(key, $2) order by key, created_at limit $3`,
    [bucketId, prefix, limit],
  );
  return r.rows;
}

/** Records a part; returns the version (file) of the part it replaced, if any. */
export async function upsertPart(c: Client, u: MultipartUpload, p: { part_number: number; etag: string; size: number; version: string }): Promise<string | null> {
  const old = await c.query<{ version: string }>('select version from storage.s3_multipart_uploads_parts where upload_id = $1 and part_number = $2 for update', [u.id, p.part_number]);
  await c.query(
    `insert into storage.s3_multipart_uploads_parts (upload_id, part_number, etag, size, version, bucket_id, key, owner_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (upload_id, part_number) do update set etag = excluded.etag, size = excluded.size, version = excluded.version, created_at = now()`,
    [u.id, p.part_number, p.etag, p.size, p.version, u.bucket_id, u.key, u.owner_id],
  );
  await c.query('update storage.s3_multipart_uploads set in_progress_size = (select coalesce(sum(size), 0) from storage.s3_multipart_uploads_parts where upload_id = $1) where id = $1', [u.id]);
  return old.rows[0]?.version ?? null;
}

export async function listParts(c: Client, uploadId: string): Promise<MultipartPart[]> {
  const r = await c.query<MultipartPart>(
    `select part_number, etag, size::float8 as size, version, ${ts('created_at')} from storage.s3_multipart_uploads_parts where upload_id = $1 order by part_number`,
    [uploadId],
  );
  return r.rows;
}

/** Deletes the upload and its parts; returns the parts' versions (files to remove). */
export async function deleteUpload(c: Client, uploadId: string): Promise<MultipartPart[]> {
  const parts = await listParts(c, uploadId);
  await c.query('delete from storage.s3_multipart_uploads where id = $1', [uploadId]);
  return parts;
}
