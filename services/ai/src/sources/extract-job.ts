// The extraction job: claims the source (pending -> extracting), fetches a URL source's page when needed,
// copies the original to a temp folder, runs the extractor in a compute thread, stores the derivatives and
// page texts, and records the outcome, unless the source was cancelled or deleted meanwhile.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AiContext } from '../context.ts';
import { emit } from '../events.ts';
import { derivativePath, pathInBucket, sourcePrefix, SOURCES_BUCKET, storagePathOf } from '../files/layout.ts';
import type { Job } from '../jobs/queue.ts';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/worker.ts';
import type { ExtractResult } from '../extract/types.ts';
import { fetchPage } from './fetch-url.ts';
import { mistralOcr } from '../extract/mistral.ts';
import { storeOriginal } from './store-original.ts';
import { SOURCE_COLUMNS, type DerivativeRef, type SourceRow } from './rows.ts';

const CLOUD_METHODS = new Set(['mistral', 'paddleocr', 'lighton', 'llamaparse']);

async function claim(ctx: AiContext, id: string, jobId: string): Promise<SourceRow | null> {
  const r = await ctx.db.query<SourceRow>(
    `update ai.sources set extraction_status = 'extracting', celery_task_id = $2, error_message = null, error_code = null
      where id = $1 and extraction_status in ('pending', 'extracting') returning ${SOURCE_COLUMNS}`, [id, jobId]);
  return r.rows[0] ?? null;
}

async function setFailed(ctx: AiContext, id: string, message: string, code: string): Promise<void> {
  await ctx.db.query(
    `update ai.sources set extraction_status = 'failed', error_message = $2, error_code = $3
      where id = $1 and extraction_status in ('pending', 'extracting')`, [id, message.slice(0, 2000), code]);
}

/** Writes the result's files; returns the derivatives map as stored in ai.sources.derivatives. */
async function storeDerivatives(ctx: AiContext, id: string, res: ExtractResult, signal: AbortSignal): Promise<Record<string, DerivativeRef[]>> {
  await ctx.files.deletePrefix(SOURCES_BUCKET, `${id}/derivatives/`);
  const put = async (type: string, file: string, body: Readable, contentType: string) => {
    const path = derivativePath(id, type, file);
    await ctx.files.put(SOURCES_BUCKET, path, body, { contentType, signal });
    return storagePathOf(path);
  };
  const text = (s: string) => Readable.from([Buffer.from(s, 'utf8')]);
  const out: Record<string, DerivativeRef[]> = {
    markdown: [{ storage_path: await put('markdown', 'content.md', text(res.markdown), 'text/markdown'), format: 'md' }],
    text: [{ storage_path: await put('text', 'content.txt', text(res.text), 'text/plain'), format: 'txt' }],
    page_text: [],
    image: [],
  };
  for (const [n, p] of res.pages.entries()) {
    out.page_text.push({ storage_path: await put('page_text', `page_${n + 1}.txt`, text(p), 'text/plain'), format: 'txt', page: n + 1 });
  }
  for (const img of res.images) {
    const body = Readable.from([await readFile(img.path)]);
    out.image.push({ storage_path: await put('image', `page_${img.page}.${img.format}`, body, `image/${img.format}`), format: img.format, page: img.page });
  }
  return out;
}

const OCR_TYPES = /^(application\/pdf|image\/)/;

/** The requested cloud method when it is configured (Mistral OCR); null: use the local extractor. */
async function runCloud(ctx: AiContext, src: SourceRow, requested: string, local: string, signal: AbortSignal): Promise<{ result: ExtractResult | null; reason: string | null }> {
  if (!CLOUD_METHODS.has(requested) || !OCR_TYPES.test(src.file_type)) return { result: null, reason: null };
  const s = await ctx.settings.snapshot();
  const key = requested === 'mistral' ? s.str('MISTRAL_API_KEY') : '';
  if (requested !== 'mistral') return { result: null, reason: `Extraction method '${requested}' is not available in this Powabase version; used the local extractor instead` };
  if (!key) return { result: null, reason: "Extraction method 'mistral' needs MISTRAL_API_KEY (PUT /api/settings); used the local extractor instead" };
  try {
    return { result: await mistralOcr({ path: local, fileType: src.file_type, apiKey: key, baseUrl: s.str('MISTRAL_API_BASE'), signal }), reason: null };
  } catch (e) {
    if (signal.aborted) throw e;
    return { result: null, reason: `Mistral OCR failed (${(e as Error).message}); used the local extractor instead` };
  }
}

async function runExtraction(ctx: AiContext, src: SourceRow, workDir: string, signal: AbortSignal): Promise<{ res: ExtractResult | string; fallback: string | null }> {
  const local = join(workDir, 'original');
  const stored = await ctx.files.get(SOURCES_BUCKET, pathInBucket(src.storage_path));
  await pipeline(stored.body, createWriteStream(local), { signal });
  const cloud = await runCloud(ctx, src, String(src.auto_metadata?.extraction_model ?? 'auto'), local, signal);
  if (cloud.result) return { res: cloud.result, fallback: null };
  const s = await ctx.settings.snapshot();
  const outcome = await ctx.pool.extract({
    path: local, fileType: src.file_type, fileName: src.name ?? 'file', workDir,
    ocr: { ...ctx.config.ocr, languages: s.str('OCR_LANGUAGES'), pageImages: ctx.config.ocr.pageImages && s.bool('EXTRACTION_PAGE_IMAGES') },
  }, signal);
  return { res: outcome.ok ? outcome.result : outcome.error, fallback: cloud.reason };
}

async function extract(ctx: AiContext, job: Job, jc: JobContext): Promise<void> {
  const id = String(job.payload.ref);
  const started = Date.now();
  const src = await claim(ctx, id, job.id);
  if (!src) return; // deleted, cancelled or already done
  const requested = String(src.auto_metadata?.extraction_model ?? 'auto');
  if (src.auto_metadata?.source_type === 'url' && !src.auto_metadata?.fetched_at) {
    const page = await fetchPage(ctx, String(src.auto_metadata.origin_url), jc.signal).catch((e: Error & { permanent?: boolean }) => {
      if (e.permanent) return e;
      throw e;
    });
    if (page instanceof Error) {
      await setFailed(ctx, id, page.message, 'permanent');
      throw new PermanentJobError(page.message);
    }
    const stored = await storeOriginal(ctx, pathInBucket(src.storage_path), Readable.from([page.body]), 'text/html');
    await ctx.db.query(`update ai.sources set auto_metadata = auto_metadata || jsonb_build_object('title', $2::text, 'fetched_at', now(), 'file_size', $3::int) where id = $1`,
      [id, page.title.slice(0, 500), stored.size]);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'powabase-ai-extract-'));
  try {
    const { res, fallback } = await runExtraction(ctx, src, workDir, jc.signal);
    if (typeof res === 'string') {
      await setFailed(ctx, id, res, 'permanent');
      throw new PermanentJobError(res);
    }
    const warnings = [...res.warnings];
    if (fallback) warnings.unshift(fallback);
    const chars = res.pages.reduce((n, p) => n + p.trim().length, 0);
    if (chars === 0) warnings.push('No text could be extracted from this document');
    const derivatives = await storeDerivatives(ctx, id, res, jc.signal);
    const status = warnings.length ? 'attention_required' : 'extracted';
    const auto = {
      extraction_model: requested, requested_method: requested, extraction_method: res.method,
      ...(fallback ? { fallback_reason: fallback } : {}),
      extracted_at: new Date().toISOString(), page_count: res.pages.length, char_count: chars,
      derivative_count: Object.values(derivatives).reduce((n, l) => n + l.length, 0), stats: res.stats ?? {},
    };
    const kept = await ctx.db.tx(async (c) => {
      const cur = await c.query<{ extraction_status: string }>('select extraction_status from ai.sources where id = $1 for update', [id]);
      if (cur.rows[0]?.extraction_status !== 'extracting') return false;
      await c.query('delete from ai.page_texts where source_id = $1', [id]);
      await c.query('insert into ai.page_texts (source_id, page, text) select $1, p.n, p.t from unnest($2::text[]) with ordinality as p(t, n)', [id, res.pages]);
      await c.query(
        `update ai.sources set extraction_status = $2, derivatives = $3, auto_metadata = auto_metadata || $4, error_message = $5,
                error_code = $6 where id = $1`,
        [id, status, JSON.stringify(derivatives), JSON.stringify(auto), warnings.length ? warnings.join('; ') : null, warnings.length ? 'attention_required' : null]);
      return true;
    });
    if (!kept) await ctx.files.deletePrefix(SOURCES_BUCKET, `${id}/derivatives/`).catch(() => {});
    emit(ctx.log, { event: 'extraction_done', sourceId: id, status: kept ? status : 'discarded', method: res.method, pages: res.pages.length, ms: Date.now() - started });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export function extractionHandler(ctx: AiContext): JobHandler {
  return {
    run: (job, jc) => extract(ctx, job, jc),
    giveUp: (job, error) => setFailed(ctx, String(job.payload.ref), `Extraction failed: ${error}`, 'internal'),
  };
}

export { sourcePrefix };
