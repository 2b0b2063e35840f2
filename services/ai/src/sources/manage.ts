// Reading and changing sources: list, get, patch, delete, page texts, re-extract, cancel, downloads.
import type { AiContext } from '../context.ts';
import { JOB_EXTRACT } from '../context.ts';
import { raise } from '../errors.ts';
import { FileNotFound, type StoredFile } from '../files/file-store.ts';
import { pathInBucket, sourcePrefix, SOURCES_BUCKET } from '../files/layout.ts';
import { SOURCE_COLUMNS, STATUSES, sourceJson, type SourceRow } from './rows.ts';
import { parseExtractionModel, parseMetadata, parsePaging, parseUuid } from './validate.ts';

export async function getSourceRow(ctx: AiContext, id: string): Promise<SourceRow> {
  const r = await ctx.db.query<SourceRow>(`select ${SOURCE_COLUMNS} from ai.sources where id = $1`, [parseUuid(id, 'source_not_found')]);
  if (!r.rows[0]) throw raise('source_not_found');
  return r.rows[0];
}

export async function listSources(ctx: AiContext, q: Record<string, unknown>) {
  const { limit, offset } = parsePaging(q, { defaultLimit: 50, maxLimit: 200 });
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.status !== undefined && q.status !== '') {
    if (!STATUSES.includes(String(q.status))) throw raise('invalid_request', `status must be one of ${STATUSES.join(', ')}`);
    params.push(q.status);
    where.push(`extraction_status = $${params.length}`);
  }
  if (typeof q.q === 'string' && q.q.trim()) {
    params.push(`%${q.q.trim().slice(0, 200).replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`name ilike $${params.length}`);
  }
  const sort = q.sort === undefined || q.sort === '' ? 'created_at' : String(q.sort);
  if (!['created_at', 'name'].includes(sort)) throw raise('invalid_request', 'sort must be created_at or name');
  const order = q.order === undefined || q.order === '' ? 'desc' : String(q.order).toLowerCase();
  if (!['asc', 'desc'].includes(order)) throw raise('invalid_request', 'order must be asc or desc');
  const w = where.length ? `where ${where.join(' and ')}` : '';
  const rows = await ctx.db.query<SourceRow & { total: string }>(
    `select ${SOURCE_COLUMNS}, count(*) over () as total from ai.sources ${w}
      order by ${sort} ${order}, id ${order} limit ${limit} offset ${offset}`, params);
  const total = rows.rows[0] ? Number(rows.rows[0].total) : Number((await ctx.db.query(`select count(*) as n from ai.sources ${w}`, params)).rows[0].n);
  return { sources: rows.rows.map((r) => sourceJson(r, { list: true })), total, limit, offset };
}

export async function patchSource(ctx: AiContext, id: string, body: Record<string, unknown>) {
  const row = await getSourceRow(ctx, id);
  const sets: string[] = [];
  const params: unknown[] = [row.id];
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || !body.name.trim()) throw raise('invalid_request', 'name must be a non-empty string');
    params.push(body.name.trim().slice(0, 255));
    sets.push(`name = $${params.length}`);
  }
  if (body.metadata !== undefined) {
    const meta = parseMetadata(body.metadata);
    for (const k of ['extraction_model', 'source_type', 'source_url']) delete meta[k];
    params.push(JSON.stringify(meta));
    sets.push(`metadata = $${params.length}`);
  }
  if (!sets.length) return sourceJson(row);
  const r = await ctx.db.query<SourceRow>(`update ai.sources set ${sets.join(', ')} where id = $1 returning ${SOURCE_COLUMNS}`, params);
  return sourceJson(r.rows[0]);
}

/** Deletes the row (cascading to page texts, indexed sources, chunks, embeddings), its jobs and its files. */
export async function deleteSource(ctx: AiContext, id: string) {
  const row = await getSourceRow(ctx, id);
  const indexed = await ctx.db.query<{ id: string }>('select id from ai.indexed_sources where source_id = $1', [row.id]);
  await ctx.db.tx(async (c) => {
    await ctx.queue.cancelByRef(row.id, c);
    for (const r of indexed.rows) await ctx.queue.cancelByRef(r.id, c);
    await c.query('delete from ai.sources where id = $1', [row.id]);
  });
  let warning: string | undefined;
  await ctx.files.deletePrefix(SOURCES_BUCKET, sourcePrefix(row.id)).catch((e) => { warning = `Stored files could not be removed: ${(e as Error).message}`; });
  return { message: 'Source deleted', id: row.id, ...(warning ? { warning } : {}) };
}

export async function pageTexts(ctx: AiContext, id: string, page: unknown) {
  const row = await getSourceRow(ctx, id);
  const r = await ctx.db.query<{ page: number; text: string }>('select page, text from ai.page_texts where source_id = $1 order by page', [row.id]);
  const count = r.rows.length;
  if (page === undefined || page === '') return { page_texts: r.rows.map((p) => p.text), count };
  const n = Number(page);
  if (!Number.isInteger(n) || n < 1) throw raise('invalid_request', 'page must be a positive integer (1-based)');
  const hit = r.rows.find((p) => p.page === n);
  if (!hit) throw raise('page_not_found', `Page ${n} not found (the source has ${count} page(s))`);
  return { text: hit.text, page: n, count };
}

export async function reextractSource(ctx: AiContext, id: string, body: Record<string, unknown>) {
  const row = await getSourceRow(ctx, id);
  const model = body.extraction_model === undefined ? String(row.auto_metadata?.extraction_model ?? 'auto') : await parseExtractionModel(ctx, body.extraction_model);
  const jobId = await ctx.db.tx(async (c) => {
    await ctx.queue.cancelByRef(row.id, c);
    const job = await ctx.queue.enqueue(JOB_EXTRACT, { ref: row.id }, { client: c });
    await c.query(
      `update ai.sources set extraction_status = 'pending', error_message = null, error_code = null, celery_task_id = $2,
              auto_metadata = auto_metadata || jsonb_build_object('extraction_model', $3::text, 'requested_method', $3::text)
        where id = $1`, [row.id, job, model]);
    return job;
  });
  ctx.poke();
  return { message: 'Re-extraction started', task_id: jobId };
}

export async function cancelSource(ctx: AiContext, id: string) {
  const row = await getSourceRow(ctx, id);
  const done = await ctx.db.tx(async (c) => {
    const r = await c.query(
      `update ai.sources set extraction_status = 'cancelled', error_message = 'Cancelled by user', error_code = 'cancelled'
        where id = $1 and extraction_status in ('pending', 'extracting')`, [row.id]);
    if (r.rowCount) await ctx.queue.cancelByRef(row.id, c);
    return r.rowCount;
  });
  if (!done) throw raise('invalid_state', `Cannot cancel extraction with status '${row.extraction_status}'`);
  return { message: 'Extraction cancelled' };
}

export interface Download { file: StoredFile; fileName: string; contentType: string }

export async function downloadOriginal(ctx: AiContext, id: string): Promise<Download> {
  const row = await getSourceRow(ctx, id);
  const path = pathInBucket(row.storage_path);
  const file = await ctx.files.get(SOURCES_BUCKET, path).catch((e) => {
    if (e instanceof FileNotFound) throw raise('source_not_found', 'The original file of this source is not stored (yet)');
    throw e;
  });
  return { file, fileName: path.split('/').pop() ?? 'file', contentType: row.file_type };
}

const DERIVATIVE_TYPES: Record<string, string> = { markdown: 'text/markdown; charset=utf-8', text: 'text/plain; charset=utf-8', page_text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8', image: 'image/png' };

export async function downloadDerivative(ctx: AiContext, id: string, type: string, index: unknown): Promise<Download> {
  if (!DERIVATIVE_TYPES[type]) throw raise('invalid_request', `type must be one of ${Object.keys(DERIVATIVE_TYPES).join(', ')}`);
  const row = await getSourceRow(ctx, id);
  const list = row.derivatives?.[type] ?? [];
  const i = index === undefined || index === '' ? 0 : Number(index);
  if (!Number.isInteger(i) || i < 0) throw raise('invalid_request', 'index must be a non-negative integer (0-based)');
  const ref = list[i];
  if (!ref) throw raise('derivative_not_found', `No ${type} derivative at index ${i} (the source has ${list.length})`);
  const path = pathInBucket(ref.storage_path);
  const file = await ctx.files.get(SOURCES_BUCKET, path).catch((e) => {
    if (e instanceof FileNotFound) throw raise('derivative_not_found');
    throw e;
  });
  const contentType = type === 'image' ? `image/${ref.format === 'jpg' ? 'jpeg' : ref.format}` : DERIVATIVE_TYPES[type];
  return { file, fileName: path.split('/').pop() ?? 'file', contentType };
}
