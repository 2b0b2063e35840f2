// Creating sources: after an upload, from a Storage object, or for URLs. Each one gets its row
// (status pending) and an extraction job in one transaction.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AiContext } from '../context.ts';
import { JOB_EXTRACT } from '../context.ts';
import { raise } from '../errors.ts';
import { FileNotFound } from '../files/file-store.ts';
import { originalPath, sanitizeFileName, SOURCES_BUCKET, storagePathOf } from '../files/layout.ts';
import { fileTypeOf, ACCEPTED_EXTENSIONS } from '../extract/registry.ts';
import { storeOriginal } from './store-original.ts';
import { SOURCE_COLUMNS, type SourceRow } from './rows.ts';
import { parseExtractionModel, parseMetadata } from './validate.ts';

export interface NewSource {
  id: string;
  name: string;
  fileType: string;
  storagePath: string;
  contentHash: string | null;
  metadata: Record<string, unknown>;
  autoMetadata: Record<string, unknown>;
}

/** Inserts the row and its extraction job; a duplicate content hash is a 409 naming the existing source. */
export async function insertSource(ctx: AiContext, s: NewSource): Promise<SourceRow> {
  try {
    const row = await ctx.db.tx(async (c) => {
      const jobId = await ctx.queue.enqueue(JOB_EXTRACT, { ref: s.id }, { client: c });
      const r = await c.query<SourceRow>(
        `insert into ai.sources (id, name, file_type, storage_path, extraction_status, metadata, auto_metadata, content_hash, celery_task_id)
         values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8) returning ${SOURCE_COLUMNS}`,
        [s.id, s.name, s.fileType, s.storagePath, JSON.stringify(s.metadata), JSON.stringify(s.autoMetadata), s.contentHash, jobId],
      );
      return r.rows[0];
    });
    ctx.poke();
    return row;
  } catch (e) {
    if ((e as { code?: string }).code === '23505' && s.contentHash) {
      const dup = await ctx.db.query('select id, name, file_type, extraction_status, created_at from ai.sources where content_hash = $1', [s.contentHash]);
      throw raise('duplicate_source', `A source with the same content already exists (${dup.rows[0]?.id ?? 'unknown'})`, { duplicate: dup.rows[0] ?? null });
    }
    throw e;
  }
}

export interface UploadFields { name?: string; metadata?: string; extraction_model?: string }

/** The file part of an upload: streamed to storage under a fresh source id. */
export async function receiveUpload(ctx: AiContext, fileName: string, declaredType: string | undefined, body: Readable) {
  const fileType = fileTypeOf(fileName, declaredType);
  if (!fileType) {
    body.resume();
    throw raise('invalid_file', `Unsupported file type "${fileName}"; accepted: ${ACCEPTED_EXTENSIONS.join(' ')}`);
  }
  const id = randomUUID();
  const path = originalPath(id, fileName);
  const stored = await storeOriginal(ctx, path, body, fileType);
  return { id, path, fileType, fileName, ...stored };
}

export async function finishUpload(ctx: AiContext, file: Awaited<ReturnType<typeof receiveUpload>>, fields: UploadFields): Promise<SourceRow> {
  try {
    if (file.size === 0) throw raise('invalid_file', 'The file is empty');
    const extractionModel = await parseExtractionModel(ctx, fields.extraction_model);
    const metadata = parseMetadata(fields.metadata);
    const name = fields.name?.trim() || file.fileName;
    return await insertSource(ctx, {
      id: file.id, name: name.slice(0, 255), fileType: file.fileType, storagePath: storagePathOf(file.path), contentHash: file.contentHash,
      metadata, autoMetadata: { extraction_model: extractionModel, requested_method: extractionModel, original_filename: file.fileName, file_size: file.size },
    });
  } catch (e) {
    await ctx.files.delete(SOURCES_BUCKET, [file.path]).catch(() => {});
    throw e;
  }
}

export async function importFromStorage(ctx: AiContext, body: Record<string, unknown>): Promise<SourceRow> {
  const bucket = typeof body.bucket === 'string' ? body.bucket.trim() : '';
  const path = typeof body.path === 'string' ? body.path.replace(/^\/+/, '') : '';
  if (!bucket || !path) throw raise('invalid_request', 'bucket and path are required');
  const fileName = path.split('/').pop()!;
  const fileType = fileTypeOf(fileName);
  if (!fileType) throw raise('invalid_file', `Unsupported file type "${fileName}"; accepted: ${ACCEPTED_EXTENSIONS.join(' ')}`);
  let object;
  try {
    object = await ctx.files.get(bucket, path);
  } catch (e) {
    if (e instanceof FileNotFound || /unsafe file path/.test((e as Error).message)) throw raise('storage_object_not_found', `Object ${bucket}/${path} not found in Storage`);
    throw e;
  }
  const id = randomUUID();
  const target = originalPath(id, fileName);
  const stored = await storeOriginal(ctx, target, object.body, fileType);
  return finishUpload(ctx, { id, path: target, fileType, fileName, ...stored }, {
    name: typeof body.name === 'string' ? body.name : undefined,
    metadata: body.metadata === undefined ? undefined : JSON.stringify(body.metadata),
    extraction_model: typeof body.extraction_model === 'string' ? body.extraction_model : undefined,
  }).then(async (row) => {
    await ctx.db.query(`update ai.sources set auto_metadata = auto_metadata || $2 where id = $1`,
      [row.id, JSON.stringify({ imported_from_storage: true, origin_bucket: bucket, origin_path: path })]);
    return { ...row, auto_metadata: { ...row.auto_metadata, imported_from_storage: true, origin_bucket: bucket, origin_path: path } };
  });
}

/** One source per URL, fetched and extracted by the worker (mode `urls`). */
export async function importUrls(ctx: AiContext, urls: string[]): Promise<{ sources: { id: string; name: string; url: string }[]; count: number }> {
  const out: { id: string; name: string; url: string }[] = [];
  for (const url of urls) {
    const id = randomUUID();
    const row = await insertSource(ctx, {
      id, name: url.slice(0, 255), fileType: 'text/html', storagePath: storagePathOf(originalPath(id, 'page.html')), contentHash: null,
      metadata: {}, autoMetadata: { source_type: 'url', origin_url: url, extraction_model: 'auto' },
    });
    out.push({ id: row.id, name: row.name ?? url, url });
  }
  return { sources: out, count: out.length };
}

export { sanitizeFileName, SOURCES_BUCKET };
