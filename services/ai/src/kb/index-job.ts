// The indexing job: claims the indexed source (pending -> indexing) and dispatches by strategy. chunk_embed
// chunks the source's Markdown in a compute thread, embeds the chunks, then in one short transaction
// replaces the indexed source's chunks and embeddings and marks it indexed; the LLM-built strategies
// (strategies/) compute outside any transaction the same way and write in one. A retry after a crash
// therefore never duplicates items, and a source deleted or cancelled meanwhile leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { text as readText } from 'node:stream/consumers';
import type { AiContext } from '../context.ts';
import { emit } from '../events.ts';
import { FileNotFound } from '../files/file-store.ts';
import { pathInBucket, SOURCES_BUCKET } from '../files/layout.ts';
import type { Job } from '../jobs/queue.ts';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/worker.ts';
import { isPowabaseError } from '@powabase/core';
import { toVectorLiteral } from '../embed/embedder.ts';
import type { Chunk } from './chunker.ts';
import type { SourceRow } from '../sources/rows.ts';
import { resetTermStats } from '../search/term-stats.ts';
import { ensureVectorIndex } from './strategies/embed.ts';
import { indexWithStrategy, LLM_STRATEGIES } from './strategies/index.ts';
import type { ClaimedSource } from './strategies/types.ts';
import type { Strategy } from './config.ts';

type Claimed = ClaimedSource;

async function claim(ctx: AiContext, id: string, jobId: string): Promise<Claimed | null> {
  const r = await ctx.db.query<Claimed>(
    `update ai.indexed_sources i set index_status = 'indexing', attempts = i.attempts + 1, last_dispatched_at = now(), celery_task_id = $2,
            error_message = null
       from ai.knowledge_bases kb
      where i.id = $1 and kb.id = i.knowledge_base_id and i.index_status in ('pending', 'indexing')
      returning i.id, i.knowledge_base_id, i.source_id, kb.indexing_config`, [id, jobId]);
  return r.rows[0] ?? null;
}

async function setFailed(ctx: AiContext, id: string, message: string): Promise<void> {
  await ctx.db.query(`update ai.indexed_sources set index_status = 'failed', error_message = $2 where id = $1 and index_status in ('pending', 'indexing')`,
    [id, message.slice(0, 2000)]);
}

async function loadDocument(ctx: AiContext, sourceId: string): Promise<{ src: SourceRow; markdown: string; pages: string[]; textPath: string }> {
  const r = await ctx.db.query<SourceRow>('select * from ai.sources where id = $1', [sourceId]);
  const src = r.rows[0];
  if (!src) throw new PermanentJobError('The source was deleted');
  const ref = src.derivatives?.markdown?.[0] ?? src.derivatives?.text?.[0];
  if (!ref) throw new PermanentJobError('The source has no extracted text (re-extract it first)');
  let markdown: string;
  try {
    markdown = await readText((await ctx.files.get(SOURCES_BUCKET, pathInBucket(ref.storage_path))).body);
  } catch (e) {
    if (e instanceof FileNotFound) throw new PermanentJobError('The extracted text of the source is missing from storage (re-extract it)');
    throw e;
  }
  const pages = (await ctx.db.query<{ text: string }>('select text from ai.page_texts where source_id = $1 order by page', [sourceId])).rows.map((x) => x.text);
  return { src, markdown, pages, textPath: ref.storage_path };
}

async function write(ctx: AiContext, vectorSchema: string, is: Claimed, chunks: (Chunk & { id: string })[], vectors: Float32Array[], model: string, stats: Record<string, unknown>): Promise<boolean> {
  return ctx.db.tx(async (c) => {
    const cur = await c.query<{ index_status: string }>('select index_status from ai.indexed_sources where id = $1 for update', [is.id]);
    if (cur.rows[0]?.index_status !== 'indexing') return false;
    await c.query('delete from ai.embeddings where indexed_source_id = $1', [is.id]);
    for (const t of ['chunks', 'full_documents', 'doc2json_documents', 'page_index_toc', 'graph_index_toc']) await c.query(`delete from ai.${t} where indexed_source_id = $1`, [is.id]);
    for (let i = 0; i < chunks.length; i += 500) {
      const part = chunks.slice(i, i + 500);
      await c.query(
        `insert into ai.chunks (id, indexed_source_id, knowledge_base_id, source_id, text, chunk_index, start_char, end_char, tokens, meta)
         select t.id, $2, $3, $4, t.text, t.idx, t.sc, t.ec, t.tok, t.meta
           from unnest($1::uuid[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::jsonb[]) as t(id, text, idx, sc, ec, tok, meta)`,
        [part.map((x) => x.id), is.id, is.knowledge_base_id, is.source_id, part.map((x) => x.text), part.map((x) => x.chunk_index),
          part.map((x) => x.start_char), part.map((x) => x.end_char), part.map((x) => x.tokens), part.map((x) => JSON.stringify(x.meta))]);
      const vs = vectors.slice(i, i + 500);
      await c.query(
        `insert into ai.embeddings (item_id, item_table, indexed_source_id, knowledge_base_id, source_id, embedding_model, dims, embedding)
         select t.id, 'chunks', $2, $3, $4, $5, $6, t.v::"${vectorSchema}".vector
           from unnest($1::uuid[], $7::text[]) as t(id, v)`,
        [part.map((x) => x.id), is.id, is.knowledge_base_id, is.source_id, model, vs[0]?.length ?? 0, vs.map(toVectorLiteral)]);
    }
    await c.query(`update ai.indexed_sources set index_status = 'indexed', indexed_at = now(), stats = $2, indexing_config_snapshot = $3, error_message = null
                    where id = $1`, [is.id, JSON.stringify(stats), JSON.stringify(is.indexing_config)]);
    return true;
  });
}

async function index(ctx: AiContext, vectorSchema: string, job: Job, jc: JobContext): Promise<void> {
  const started = Date.now();
  const is = await claim(ctx, String(job.payload.ref), job.id);
  if (!is) return;
  const cfg = is.indexing_config;
  const { src, markdown, pages, textPath } = await loadDocument(ctx, is.source_id).catch(async (e) => {
    if (e instanceof PermanentJobError) await setFailed(ctx, is.id, e.message);
    throw e;
  });
  if (LLM_STRATEGIES.has(cfg.strategy as Strategy)) {
    const run = { ctx, is, cfg, src, markdown, pages, settings: await ctx.settings.snapshot(), signal: jc.signal };
    const items = await indexWithStrategy(run, textPath).catch(async (e) => {
      if (e instanceof PermanentJobError) await setFailed(ctx, is.id, e.message);
      throw e;
    });
    if (items !== null) emit(ctx.log, { event: 'indexing_done', indexedSourceId: is.id, chunks: items, ms: Date.now() - started });
    return;
  }
  const raw = await ctx.pool.chunk(markdown, pages, Number(cfg.chunk_size), Number(cfg.overlap), jc.signal);
  const chunks = raw.map((c) => ({ ...c, id: randomUUID(), meta: { ...(src.metadata ?? {}), ...c.meta, source_id: src.id, source_name: src.name } }));
  let vectors: Float32Array[] = [];
  let model = String(cfg.embedding_model);
  try {
    const embedder = await ctx.embedders.forModel(model);
    model = embedder.model;
    vectors = await embedder.embed(chunks.map((c) => c.text), jc.signal);
  } catch (e) {
    if (isPowabaseError(e) && (e.code === 'provider_key_missing' || e.code === 'invalid_config' || e.code === 'provider_key_decrypt_failed')) {
      await setFailed(ctx, is.id, e.message);
      throw new PermanentJobError(e.message);
    }
    throw e;
  }
  jc.signal.throwIfAborted();
  const dims = vectors[0]?.length ?? 0;
  if (dims) await ensureVectorIndex(ctx, vectorSchema, dims);
  const stats = {
    artifact_count: chunks.length, total_chars: chunks.reduce((n, c) => n + c.text.length, 0),
    total_tokens: chunks.reduce((n, c) => n + c.tokens, 0), embedding_dim: dims, embedding_model: model, strategy: 'chunk_embed',
  };
  const kept = await write(ctx, vectorSchema, is, chunks, vectors, model, stats);
  if (kept) await refreshStatistics(ctx, chunks.length);
  if (kept) emit(ctx.log, { event: 'indexing_done', indexedSourceId: is.id, chunks: chunks.length, ms: Date.now() - started });
}

// Full-text ranking reads term frequencies from the planner's statistics (search/term-stats.ts); PGlite
// runs no autovacuum, so the worker refreshes them after enough new chunks, at most once a minute.
let pendingChunks = 0;
let lastAnalyze = 0;
async function refreshStatistics(ctx: AiContext, added: number): Promise<void> {
  pendingChunks += added;
  if (pendingChunks < 200 && lastAnalyze) return;
  if (Date.now() - lastAnalyze < 60_000) return;
  lastAnalyze = Date.now();
  pendingChunks = 0;
  await ctx.db.query('analyze ai.chunks').catch(() => {});
  resetTermStats();
}

export function indexingHandler(ctx: AiContext, vectorSchema: () => string): JobHandler {
  return {
    run: (job, jc) => index(ctx, vectorSchema(), job, jc),
    giveUp: (job, error) => setFailed(ctx, String(job.payload.ref), `Indexing failed: ${error}`),
  };
}

export function bm25Handler(ctx: AiContext): JobHandler {
  return { run: async () => { await ctx.db.query('analyze ai.chunks'); resetTermStats(); } };
}
