// The SearchSteps port served by the project's LLM (BYOK or platform key): query enrichment rewrites the
// query into `enriched_query` (embedded) and `keyword_query` (BM25); reranking asks the LLM to score each
// candidate 0–10 (listwise, one call). Reranker ids that name a chat model (gpt-…, claude-…, gemini/…,
// openrouter/…) are used as the judge; cross-encoder ids (cohere/…, jina_ai/…, voyage/…, zerank-…) have no
// client here, so the project's QUERY_ENRICHMENT_MODEL judges instead (recorded in `meta.reranker_config`).
// Both throw on failure; callers fail open (stage-1 order, original query) with a warning.
import type { AiContext } from '../context.ts';
import { Llm } from '../kb/strategies/llm.ts';
import { PROMPTS } from '../kb/strategies/prompts.ts';
import { providerOf } from '../llm/resolve.ts';
import type { SearchHit, SearchSteps } from './steps.ts';

const PASSAGE_CHARS = 1500;

/** The chat model that judges for a reranker id. */
export async function rerankJudge(ctx: AiContext, model: string): Promise<string> {
  return providerOf(model) ? model : (await ctx.settings.snapshot()).str('QUERY_ENRICHMENT_MODEL');
}

export function createLlmSearchSteps(ctx: AiContext): SearchSteps {
  return {
    enricher: {
      async enrich(query, model, signal) {
        const llm = await Llm.open(ctx, model);
        return llm.json({ system: PROMPTS.enrichQuery, user: `Query: ${query}`, temperature: 0, maxTokens: 500, signal }, (v) => {
          const o = v as { enriched_query?: unknown; keyword_query?: unknown } | null;
          if (!o || typeof o.enriched_query !== 'string' || !o.enriched_query.trim()) return null;
          return { enriched_query: o.enriched_query.trim(), keyword_query: typeof o.keyword_query === 'string' && o.keyword_query.trim() ? o.keyword_query.trim() : query };
        });
      },
    },
    reranker: {
      async rerank(query: string, hits: SearchHit[], model: string, signal?: AbortSignal) {
        if (!hits.length) return [];
        const llm = await Llm.open(ctx, await rerankJudge(ctx, model));
        const passages = hits.map((h, i) => `[${i + 1}] ${String(h.text ?? '').replace(/\s+/g, ' ').slice(0, PASSAGE_CHARS)}`).join('\n\n');
        return llm.json({ system: PROMPTS.rerank, user: `Query: ${query}\n\nPassages:\n${passages}\n\nScore all ${hits.length} passages.`, temperature: 0, maxTokens: 20 * hits.length + 50, signal }, (v) => {
          const list = Array.isArray(v) ? v : (v as { scores?: unknown } | null)?.scores;
          if (!Array.isArray(list) || list.length !== hits.length || list.some((x) => typeof x !== 'number' || !Number.isFinite(x))) return null;
          return (list as number[]).map((x) => Math.max(0, Math.min(1, x / 10)));
        });
      },
    },
  };
}
