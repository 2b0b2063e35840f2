// Search of a KB built by an LLM strategy (called by search/search.ts for every strategy but chunk_embed):
// method, query enrichment (not for tree_search), retrieval over the strategy's items, reranking (fail-open,
// with warnings), graph_index's 1-hop expansion, full_document's whole text, the documented result shape.
import { text as readText } from 'node:stream/consumers';
import type { AiContext } from '../../context.ts';
import { toVectorLiteral } from '../../embed/embedder.ts';
import { raise } from '../../errors.ts';
import { emit } from '../../events.ts';
import { LlmError } from '../../llm/provider.ts';
import { pathInBucket, SOURCES_BUCKET } from '../../files/layout.ts';
import { rerankJudge } from '../../search/llm-steps.ts';
import { validateMethod, type Strategy } from '../config.ts';
import type { KbRow } from '../manage.ts';
import { expandGraph, fullTextItems, fuse, ITEM_TABLES, vectorItems, type ItemFilters, type ItemRow } from './search-items.ts';
import { treeSearch } from './tree-search.ts';

export interface ParsedSearch { query: string; topK?: number; threshold?: number; filters: ItemFilters }

const STAGE1_KEY = { vector_search: 'vector_similarity_score', full_text: 'bm25_score', hybrid: 'hybrid_search_score', tree_search: 'tree_search_score' } as const;

async function enrich(ctx: AiContext, rc: Record<string, unknown>, query: string, warnings: string[]) {
  const qe = rc.query_enrichment as { enabled?: boolean; model?: string } | undefined;
  if (!qe?.enabled) return { vectorText: query, keywordText: query };
  if (!ctx.steps.enricher) {
    warnings.push(`Query enrichment skipped: no LLM provider for model '${qe.model}' is available`);
    emit(ctx.log, { event: 'search_step_skipped', step: 'query_enrichment', reason: 'no LLM provider' });
    return { vectorText: query, keywordText: query };
  }
  try {
    const e = await ctx.steps.enricher.enrich(query, String(qe.model));
    return { vectorText: e.enriched_query || query, keywordText: e.keyword_query || query, enrichment: { original_query: query, ...e, model: qe.model, method: 'llm_enrichment' } };
  } catch (err) {
    warnings.push(`Query enrichment failed (${(err as Error).message}); the original query was used`);
    return { vectorText: query, keywordText: query };
  }
}

async function rerank(ctx: AiContext, rc: Record<string, unknown>, query: string, rows: ItemRow[], warnings: string[]): Promise<ItemRow[]> {
  const r = rc.reranker as { model?: string; candidate_count?: number } | null | undefined;
  if (!r?.model || !rows.length) return rows;
  if (!ctx.steps.reranker) {
    warnings.push(`Reranking skipped: reranker '${r.model}' is not available`);
    emit(ctx.log, { event: 'search_step_skipped', step: 'reranker', reason: 'no reranker provider' });
    return rows;
  }
  try {
    const scores = await ctx.steps.reranker.rerank(query, rows.map((x) => ({ ...x })), r.model);
    const config = { model: r.model, candidate_count: r.candidate_count, judge: await rerankJudge(ctx, r.model) };
    return rows.map((x, i) => ({ ...x, score: scores[i], meta: { ...x.meta, retrieval_score: x.score, reranker_score: scores[i], reranker_config: config } }))
      .sort((a, b) => b.score - a.score);
  } catch (err) {
    warnings.push(`Reranking failed (${(err as Error).message}); stage-1 order kept`);
    return rows;
  }
}

async function retrieve(ctx: AiContext, kb: KbRow, strategy: Strategy, method: string, texts: { vectorText: string; keywordText: string }, k: number, threshold: number, f: ItemFilters) {
  const t = ITEM_TABLES[strategy]!;
  const rc = kb.retrieval_config;
  let vector = '';
  let dims = 0;
  const model = String(kb.indexing_config.embedding_model);
  if (method !== 'full_text') {
    const [v] = await (await ctx.embedders.forModel(model, { interactive: true })).embed([texts.vectorText]);
    vector = toVectorLiteral(v);
    dims = v.length;
  }
  return ctx.db.tx(async (c) => {
    await c.query(`select set_config('search_path', 'ai, ${ctx.vectorSchema()}, public', true), set_config('hnsw.ef_search', $1, true),
                          set_config('hnsw.iterative_scan', 'relaxed_order', true)`, [String(Math.max(100, k * 2))]);
    if (method === 'vector_search') return vectorItems(c, t, kb.id, model, vector, dims, k, threshold, f);
    if (method === 'full_text') return fullTextItems(c, t, kb.id, texts.keywordText, k, f);
    const w = Number(rc.vector_weight ?? 0.5);
    return fuse(await vectorItems(c, t, kb.id, model, vector, dims, k * 2, 0, f), await fullTextItems(c, t, kb.id, texts.keywordText, k * 2, f), w).slice(0, k);
  });
}

/** full_document: a hit returns the whole document (the summary stays in meta). */
async function withFullText(ctx: AiContext, row: ItemRow): Promise<ItemRow> {
  try {
    const body = (await ctx.files.get(SOURCES_BUCKET, pathInBucket(String(row.full_text_path)))).body;
    return { ...row, text: await readText(body), meta: { ...row.meta, summary: row.text } };
  } catch {
    return { ...row, meta: { ...row.meta, summary: row.text, full_text_unavailable: true } };
  }
}

export async function searchStrategyKb(ctx: AiContext, kb: KbRow, b: ParsedSearch, rawBody: Record<string, unknown>) {
  const strategy = kb.indexing_config.strategy as Strategy;
  const rc = kb.retrieval_config;
  const method = validateMethod(rawBody.retrieval_method ?? rc.method, strategy);
  const topK = b.topK ?? Number(rc.top_k ?? 5);
  const warnings: string[] = [];
  let rows: ItemRow[];
  let enrichment: Record<string, unknown> | undefined;
  if (method === 'tree_search') {
    const model = String(rc.retrieval_model ?? (await ctx.settings.snapshot()).str('PAGEINDEX_RETRIEVAL_MODEL'));
    rows = await treeSearch(ctx, kb.id, b.query, model, topK, b.filters).catch((e) => {
      throw e instanceof LlmError ? raise('llm_failed', `Tree search failed: ${e.message}`) : e;
    });
  } else {
    const texts = await enrich(ctx, rc, b.query, warnings);
    enrichment = texts.enrichment;
    const reranker = rc.reranker as { model?: string; candidate_count?: number } | null | undefined;
    const fetchK = reranker?.model && ctx.steps.reranker ? Math.max(Number(reranker.candidate_count ?? 20), topK) : topK;
    rows = await retrieve(ctx, kb, strategy, method, texts, fetchK, b.threshold ?? Number(rc.similarity_threshold ?? 0), b.filters);
    rows = rows.map((x) => ({ ...x, meta: { ...x.meta, [STAGE1_KEY[method]]: x.score } }));
    rows = (await rerank(ctx, rc, b.query, rows, warnings)).slice(0, topK);
    if (strategy === 'graph_index') rows = [...rows, ...await ctx.db.tx((c) => expandGraph(c, kb.id, rows, b.filters))];
    if (strategy === 'full_document') rows = await Promise.all(rows.map((x) => withFullText(ctx, x)));
  }
  const type = method === 'tree_search' ? 'page_index_node' : ITEM_TABLES[strategy]!.type;
  const results = rows.map((r, i) => {
    const { id, source_id, text, score, source_name, meta } = r;
    return {
      id, chunk_id: id, text, score, source_id, source_name, knowledge_base_id: kb.id, chunk_index: r.node_id ? Number(r.node_id) - 1 : i,
      indexing_strategy: strategy, meta: { _type: type, ...meta, ...(r.extracted_json !== undefined ? { extracted_json: r.extracted_json } : {}) },
    };
  });
  return {
    results, query: b.query, retrieval_method: method, total_results: results.length,
    ...(enrichment ? { query_enrichment: enrichment } : {}), ...(warnings.length ? { warnings } : {}),
  };
}
