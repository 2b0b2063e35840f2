// Pluggable retrieval steps around the search: query enrichment before, reranking after. The service's
// default is the project's LLM (llm-steps.ts); a step that is absent or fails is skipped (fail-open) and
// the response says so in `warnings`.
export interface SearchHit {
  id: string;
  text: string;
  score: number;
  source_id: string;
  meta: Record<string, unknown>;
  [k: string]: unknown;
}

export interface QueryEnricher {
  enrich(query: string, model: string, signal?: AbortSignal): Promise<{ enriched_query: string; keyword_query: string }>;
}

export interface Reranker {
  rerank(query: string, hits: SearchHit[], model: string, signal?: AbortSignal): Promise<number[]>;
}

export interface SearchSteps {
  enricher: QueryEnricher | null;
  reranker: Reranker | null;
}

export const NO_STEPS: SearchSteps = { enricher: null, reranker: null };
