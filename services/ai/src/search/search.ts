// POST /api/knowledge-bases/{id}/search: method from the request or the KB, optional query enrichment,
// vector / full_text / hybrid retrieval (hybrid's full-text list ranked while the query is embedded),
// optional reranking (fail-open), response.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { emit } from '../events.ts';
import { toVectorLiteral } from '../embed/embedder.ts';
import type pg from 'pg';
import { validateMethod, type Strategy } from '../kb/config.ts';
import { getKbRow } from '../kb/manage.ts';
import { parseUuid } from '../sources/validate.ts';
import { fullTextRanks, retrieve, type Filters, type FullTextRanks, type RetrievalMethod, type RetrievedRow, type Row } from './queries.ts';
import { searchStrategyKb } from '../kb/strategies/search.ts';

function parseBody(body: Record<string, unknown>) {
  if (typeof body.query !== 'string' || !body.query.trim()) throw raise('invalid_request', 'query is required');
  if (body.top_k !== undefined && (!Number.isInteger(body.top_k) || (body.top_k as number) < 1 || (body.top_k as number) > 200)) throw raise('invalid_request', 'top_k must be an integer between 1 and 200');
  const t = body.similarity_threshold;
  if (t !== undefined && t !== null && (typeof t !== 'number' || t < 0 || t > 1)) throw raise('invalid_request', 'similarity_threshold must be a number between 0 and 1');
  const fm = body.filter_metadata;
  if (fm !== undefined && fm !== null && (typeof fm !== 'object' || Array.isArray(fm))) throw raise('invalid_request', 'filter_metadata must be an object');
  const ids = body.source_ids;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))) throw raise('invalid_request', 'source_ids must be an array of ids');
  return {
    query: body.query.trim().slice(0, 10_000), topK: body.top_k as number | undefined, threshold: t as number | undefined,
    filters: { filterMetadata: (fm ?? undefined) as Record<string, unknown> | undefined, sourceIds: (ids as string[] | undefined)?.map((x) => parseUuid(x, 'source_not_found')) } as Filters,
  };
}

export async function searchKb(ctx: AiContext, kbId: string, rawBody: Record<string, unknown>) {
  const kb = await getKbRow(ctx, parseUuid(kbId, 'knowledge_base_not_found'));
  const b = parseBody(rawBody);
  const strategy = kb.indexing_config.strategy as Strategy;
  if (strategy !== 'chunk_embed') return searchStrategyKb(ctx, kb, b, rawBody);
  const method = validateMethod(rawBody.retrieval_method ?? kb.retrieval_config.method, strategy);
  const rc = kb.retrieval_config;
  const topK = b.topK ?? Number(rc.top_k ?? 5);
  const threshold = b.threshold ?? Number(rc.similarity_threshold ?? 0);
  const warnings: string[] = [];
  const s = await ctx.settings.snapshot();

  let vectorText = b.query;
  let keywordText = b.query;
  let enrichment: Record<string, unknown> | undefined;
  const qe = rc.query_enrichment as { enabled?: boolean; model?: string } | undefined;
  if (qe?.enabled) {
    if (!ctx.steps.enricher) {
      warnings.push(`Query enrichment skipped: no LLM provider for model '${qe.model}' is available`);
      emit(ctx.log, { event: 'search_step_skipped', step: 'query_enrichment', reason: 'no LLM provider' });
    } else {
      try {
        const e = await ctx.steps.enricher.enrich(b.query, String(qe.model));
        vectorText = e.enriched_query || b.query;
        keywordText = e.keyword_query || b.query;
        enrichment = { original_query: b.query, ...e, model: qe.model, method: 'llm_enrichment' };
      } catch (err) {
        warnings.push(`Query enrichment failed (${(err as Error).message}); the original query was used`);
      }
    }
  }
  const reranker = rc.reranker as { model: string; candidate_count: number } | undefined | null;
  const fetchK = reranker?.model && ctx.steps.reranker ? Math.max(reranker.candidate_count, topK) : topK;

  const model = String(kb.indexing_config.embedding_model);
  const w = Number(rc.vector_weight ?? s.num('HYBRID_DEFAULT_VECTOR_WEIGHT'));
  const found = await retrieveChunks(ctx, {
    method: method as RetrievalMethod, kbId: kb.id, model, vectorText, keywordText, k: method === 'hybrid' ? fetchK * 2 : fetchK,
    threshold: method === 'hybrid' ? 0 : threshold, weight: w, filters: b.filters, efSearch: Math.max(s.int('HNSW_EF_SEARCH'), fetchK * 2),
  });
  let rows: Row[] = found.map(({ vector_rank, bm25_rank, ...r }) => method !== 'hybrid' ? r : {
    ...r, meta: { ...r.meta, hybrid_search_score: r.score, vector_rank, bm25_rank },
  });
  if (reranker?.model) {
    if (!ctx.steps.reranker) {
      warnings.push(`Reranking skipped: reranker '${reranker.model}' is not available in this Powabase version`);
      emit(ctx.log, { event: 'search_step_skipped', step: 'reranker', reason: 'no reranker provider' });
    } else {
      try {
        const scores = await ctx.steps.reranker.rerank(b.query, rows.map((r) => ({ ...r })), reranker.model);
        rows = rows.map((r, i) => ({ ...r, meta: { ...r.meta, retrieval_score: r.score, reranker_score: scores[i] }, score: scores[i] }))
          .sort((a, b2) => b2.score - a.score);
      } catch (err) {
        warnings.push(`Reranking failed (${(err as Error).message}); stage-1 order kept`);
      }
    }
  }
  const results = rows.slice(0, topK).map((r) => ({
    id: r.id, chunk_id: r.id, text: r.text, score: r.score, source_id: r.source_id, source_name: r.source_name,
    knowledge_base_id: kb.id, chunk_index: r.chunk_index, indexing_strategy: strategy, meta: r.meta,
  }));
  return {
    results, query: b.query, retrieval_method: method, total_results: results.length,
    ...(enrichment ? { query_enrichment: enrichment } : {}), ...(warnings.length ? { warnings } : {}),
  };
}

export interface RetrievalArgs {
  method: RetrievalMethod; kbId: string; model: string; vectorText: string; keywordText: string;
  /** Results of one method, or the length of each list hybrid fuses. */
  k: number; threshold: number; weight: number; filters: Filters; efSearch: number;
}

/**
 * The ranked chunks of one search. The query is embedded in the query thread while the database works:
 * for hybrid, the full-text list (which needs no vector) is ranked meanwhile, then one statement runs the
 * vector list and the fusion. `overlap: false` is the earlier order (embed, then one statement for both
 * lists), kept as the benchmark's baseline; both give the same rows.
 */
export async function retrieveChunks(ctx: AiContext, a: RetrievalArgs, o: { overlap?: boolean } = {}): Promise<RetrievedRow[]> {
  const overlap = o.overlap ?? true;
  const embedding = a.method === 'full_text' ? null : embedQuery(ctx, a.model, a.vectorText);
  // awaited below; a failure must not surface as an unhandled rejection while full text runs
  embedding?.catch(() => undefined);
  const spec = { method: a.method, kbId: a.kbId, k: a.k, text: a.keywordText, weight: a.weight, filters: a.filters };
  // PGlite serves one session, and a transaction owns it: none is held open while the query is embedded
  let ftRanks: FullTextRanks | undefined;
  if (a.method === 'hybrid' && overlap) ftRanks = await inSearchTx(ctx, a.efSearch, (c) => fullTextRanks(c, spec));
  const v = embedding ? await embedding : null;
  return inSearchTx(ctx, a.efSearch, (c) => retrieve(c, {
    ...spec, ftRanks, vector: v ? { literal: toVectorLiteral(v), dims: v.length, model: a.model, threshold: a.threshold } : undefined,
  }));
}

async function embedQuery(ctx: AiContext, model: string, text: string): Promise<Float32Array> {
  const embedder = await ctx.embedders.forModel(model, { interactive: true });
  const [v] = await embedder.embed([text]);
  return v;
}

/** A search transaction: search_path and HNSW knobs set local; statements prepared per client with a generic plan. */
function inSearchTx<T>(ctx: AiContext, efSearch: number, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return ctx.db.tx(async (c) => {
    await c.query(`select set_config('search_path', 'ai, ${ctx.vectorSchema()}, public', true), set_config('hnsw.ef_search', $1, true),
                          set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('plan_cache_mode', 'force_generic_plan', true)`,
    [String(efSearch)]);
    return fn(c);
  });
}
