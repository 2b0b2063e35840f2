// Knowledge-base configuration: the strategies, their defaults (from the settings registry), merging a
// request's indexing_config / retrieval_config over them, and validation. LLM-built strategies and
// tree_search need an LLM provider with a key (BYOK or platform): without one they are refused with a
// clear 400 naming the model and provider (the caller passes an `LlmCheck`, see strategies/availability.ts).
import { raise } from '../errors.ts';
import { modelInfo } from '../embed/factory.ts';
import type { SettingsSnapshot } from '../settings/store.ts';

export const STRATEGIES = ['chunk_embed', 'full_document', 'page_index', 'graph_index', 'doc2json'] as const;
export type Strategy = typeof STRATEGIES[number];
export const METHODS = ['vector_search', 'full_text', 'hybrid', 'tree_search'] as const;
export type Method = typeof METHODS[number];

interface StrategyInfo { label: string; retrievers: Method[]; defaultMethod: Method; llmFields: string[] }

export const STRATEGY_INFO: Record<Strategy, StrategyInfo> = {
  chunk_embed: { label: 'Chunk & Embed', retrievers: ['vector_search', 'full_text', 'hybrid'], defaultMethod: 'hybrid', llmFields: [] },
  full_document: { label: 'Full Document', retrievers: ['vector_search', 'full_text', 'hybrid'], defaultMethod: 'hybrid', llmFields: ['summary_model'] },
  page_index: { label: 'PageIndex', retrievers: ['tree_search'], defaultMethod: 'tree_search', llmFields: ['model'] },
  graph_index: { label: 'GraphIndex', retrievers: ['vector_search', 'full_text', 'hybrid'], defaultMethod: 'hybrid', llmFields: ['model', 'enrichment_model'] },
  doc2json: { label: 'Doc2JSON', retrievers: ['vector_search', 'full_text', 'hybrid'], defaultMethod: 'hybrid', llmFields: ['extraction_model'] },
};

export const RETRIEVER_LABELS: Record<Method, string> = {
  vector_search: 'Vector search', full_text: 'Full-text (BM25)', hybrid: 'Hybrid (vector + BM25, RRF)', tree_search: 'Tree search (LLM)',
};

export const RERANKERS = ['cohere/rerank-english-v3.0', 'cohere/rerank-multilingual-v3.0', 'jina_ai/jina-reranker-v2-base-multilingual', 'voyage/rerank-2.5', 'voyage/rerank-2.5-lite', 'zerank-2'];

export function defaultIndexingConfig(strategy: Strategy, s: SettingsSnapshot): Record<string, unknown> {
  switch (strategy) {
    case 'chunk_embed':
      return { strategy, chunk_size: s.int('CHUNK_EMBED_DEFAULT_CHUNK_SIZE'), overlap: s.int('CHUNK_EMBED_DEFAULT_OVERLAP'), embedding_model: s.str('CHUNK_EMBED_EMBEDDING_MODEL') };
    case 'full_document':
      return { strategy, summary_model: s.str('FULLDOC_SUMMARY_MODEL'), embedding_model: s.str('FULLDOC_EMBEDDING_MODEL') };
    case 'page_index':
      return { strategy, model: s.str('PAGEINDEX_INDEXING_MODEL'), if_add_node_summary: 'yes' };
    case 'graph_index':
      return { strategy, model: s.str('GRAPHINDEX_INDEXING_MODEL'), enrichment_model: s.str('GRAPHINDEX_ENRICHMENT_MODEL'), embedding_model: s.str('GRAPHINDEX_EMBEDDING_MODEL'), if_add_node_summary: 'yes' };
    case 'doc2json':
      return { strategy, extraction_model: s.str('DOC2JSON_EXTRACTION_MODEL'), embedding_model: s.str('CHUNK_EMBED_EMBEDDING_MODEL'), window_size: s.int('DOC2JSON_WINDOW_SIZE'), window_overlap: s.int('DOC2JSON_WINDOW_OVERLAP'), use_images: false, pages_per_window: 3, json_schema: {} };
  }
}

export function defaultRetrievalConfig(strategy: Strategy, s: SettingsSnapshot): Record<string, unknown> {
  const info = STRATEGY_INFO[strategy];
  return {
    method: info.defaultMethod, top_k: strategy === 'full_document' ? 3 : s.int('KB_DEFAULT_TOP_K'), context_mode: 'text', ts_language: 'english',
    ...(strategy === 'page_index' ? { retrieval_model: s.str('PAGEINDEX_RETRIEVAL_MODEL') } : {}),
    ...(info.retrievers.includes('hybrid') ? { vector_weight: s.num('HYBRID_DEFAULT_VECTOR_WEIGHT') } : {}),
  };
}

function asObject(v: unknown, name: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw raise('invalid_config', `${name} must be an object`);
  return v as Record<string, unknown>;
}

/** Whether a model's provider has a key here: `ok`, or the provider that lacks one (null: no provider serves the id). */
export type LlmCheck = (model: string) => { ok: true } | { ok: false; provider: string | null };

function requireLlm(what: string, model: unknown, llm: LlmCheck | undefined): void {
  if (!llm) return;
  if (typeof model !== 'string' || !model.trim()) throw raise('invalid_config', `${what} needs a model name`);
  const r = llm(model);
  if (r.ok) return;
  const why = r.provider
    ? `no API key is configured for ${r.provider}. Add one with POST /api/ai-provider-keys (provider ${r.provider})`
    : 'no LLM provider serves this model id. Use an OpenAI (gpt-…), Anthropic (claude-…), Google (gemini/…) or OpenRouter (openrouter/…) model';
  throw raise('llm_provider_missing', `${what} needs an LLM provider (model '${model}', provider ${r.provider ?? 'unknown'}): ${why}, or use strategy chunk_embed with vector_search, full_text or hybrid retrieval.`);
}

const int = (v: unknown, name: string, min: number, max: number): number => {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw raise('invalid_config', `${name} must be an integer between ${min} and ${max}`);
  return v as number;
};
const num = (v: unknown, name: string, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw raise('invalid_config', `${name} must be a number between ${min} and ${max}`);
  return v;
};

const modelName = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v.trim()) throw raise('invalid_config', `${name} must be a model name`);
  return v.trim();
};

/** The fields each strategy reads, checked and normalised in place. */
function validateStrategy(cfg: Record<string, unknown>, strategy: Strategy): void {
  if (strategy !== 'page_index') cfg.embedding_model = modelInfo(cfg.embedding_model).model;
  for (const f of STRATEGY_INFO[strategy].llmFields) cfg[f] = modelName(cfg[f], `indexing_config.${f}`);
  if ('if_add_node_summary' in cfg && !['yes', 'no'].includes(String(cfg.if_add_node_summary))) throw raise('invalid_config', "indexing_config.if_add_node_summary must be 'yes' or 'no'");
  if (strategy === 'chunk_embed') {
    cfg.chunk_size = int(cfg.chunk_size, 'indexing_config.chunk_size', 50, 8000);
    cfg.overlap = int(cfg.overlap, 'indexing_config.overlap', 0, 4000);
    if ((cfg.overlap as number) >= (cfg.chunk_size as number)) throw raise('invalid_config', 'indexing_config.overlap must be smaller than chunk_size');
  }
  if (strategy === 'doc2json') {
    cfg.window_size = int(cfg.window_size, 'indexing_config.window_size', 500, 100_000);
    cfg.window_overlap = int(cfg.window_overlap, 'indexing_config.window_overlap', 0, 10_000);
    if ((cfg.window_overlap as number) >= (cfg.window_size as number)) throw raise('invalid_config', 'indexing_config.window_overlap must be smaller than window_size');
    cfg.pages_per_window = int(cfg.pages_per_window, 'indexing_config.pages_per_window', 1, 20);
    if (cfg.use_images === true) throw raise('invalid_config', 'indexing_config.use_images (image windows) is not supported yet: use text windows (use_images false)');
    cfg.use_images = false;
    cfg.json_schema = validateJsonSchema(cfg.json_schema);
  }
}

const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

function validateFields(fields: unknown, at: string): void {
  if (!Array.isArray(fields)) throw raise('invalid_config', `${at} must be an array of fields`);
  fields.forEach((f, i) => {
    if (!f || typeof f !== 'object' || typeof f.name !== 'string' || !f.name.trim()) throw raise('invalid_config', `${at}[${i}].name must be a non-empty string`);
    if (!FIELD_TYPES.includes(f.type)) throw raise('invalid_config', `${at}[${i}].type must be one of ${FIELD_TYPES.join(', ')}`);
    if (f.items?.fields !== undefined) validateFields(f.items.fields, `${at}[${i}].items.fields`);
    if (f.fields !== undefined) validateFields(f.fields, `${at}[${i}].fields`);
  });
}

function validateJsonSchema(v: unknown): Record<string, unknown> {
  const schema = asObject(v, 'indexing_config.json_schema');
  if (schema.fields !== undefined) validateFields(schema.fields, 'indexing_config.json_schema.fields');
  return schema;
}

/** Request indexing_config merged over the strategy defaults (an `extra` object is flattened in). */
export function mergeIndexingConfig(input: unknown, s: SettingsSnapshot, base?: Record<string, unknown>, llm?: LlmCheck): Record<string, unknown> {
  const given = asObject(input, 'indexing_config');
  const { extra, ...flat } = given;
  const patch = { ...asObject(extra, 'indexing_config.extra'), ...flat };
  const strategy = (patch.strategy ?? base?.strategy ?? 'chunk_embed') as Strategy;
  if (!STRATEGIES.includes(strategy)) throw raise('invalid_config', `indexing_config.strategy must be one of ${STRATEGIES.join(', ')}`);
  const start = base && base.strategy === strategy ? base : defaultIndexingConfig(strategy, s);
  const cfg: Record<string, unknown> = { ...start, ...patch, strategy };
  if ('chunk_overlap' in cfg) { cfg.overlap = cfg.chunk_overlap; delete cfg.chunk_overlap; }
  for (const f of STRATEGY_INFO[strategy].llmFields) requireLlm(`Indexing strategy '${strategy}'`, cfg[f], llm);
  validateStrategy(cfg, strategy);
  return cfg;
}

/** Request retrieval_config merged over the strategy's defaults (and the current config on PATCH). */
export function mergeRetrievalConfig(input: unknown, strategy: Strategy, s: SettingsSnapshot, base?: Record<string, unknown>, llm?: LlmCheck): Record<string, unknown> {
  const cfg: Record<string, unknown> = { ...defaultRetrievalConfig(strategy, s), ...(base ?? {}), ...asObject(input, 'retrieval_config') };
  if (cfg.method === 'tree_search') cfg.retrieval_model = modelName(cfg.retrieval_model ?? s.str('PAGEINDEX_RETRIEVAL_MODEL'), 'retrieval_config.retrieval_model');
  validateMethod(cfg.method, strategy, llm, cfg.retrieval_model);
  cfg.top_k = int(cfg.top_k, 'retrieval_config.top_k', 1, 200);
  if (cfg.vector_weight !== undefined) cfg.vector_weight = num(cfg.vector_weight, 'retrieval_config.vector_weight', 0, 1);
  if (cfg.similarity_threshold !== undefined && cfg.similarity_threshold !== null) cfg.similarity_threshold = num(cfg.similarity_threshold, 'retrieval_config.similarity_threshold', 0, 1);
  if (!['text', 'image'].includes(String(cfg.context_mode))) throw raise('invalid_config', 'retrieval_config.context_mode must be text or image');
  if (cfg.ts_language !== 'english') throw raise('invalid_config', "retrieval_config.ts_language must be 'english'");
  if (cfg.reranker !== undefined && cfg.reranker !== null) {
    const r = asObject(cfg.reranker, 'retrieval_config.reranker');
    cfg.reranker = { model: r.model ?? s.str('RERANKER_DEFAULT_MODEL'), candidate_count: int(r.candidate_count ?? s.int('RERANKER_CANDIDATE_COUNT'), 'retrieval_config.reranker.candidate_count', 1, 200) };
  }
  if (cfg.query_enrichment !== undefined && cfg.query_enrichment !== null) {
    const q = asObject(cfg.query_enrichment, 'retrieval_config.query_enrichment');
    cfg.query_enrichment = { enabled: q.enabled === true, model: q.model ?? s.str('QUERY_ENRICHMENT_MODEL') };
  }
  return cfg;
}

/** The method, if known and compatible; tree_search first needs its LLM (when `llm` is given). */
export function validateMethod(method: unknown, strategy: Strategy, llm?: LlmCheck, retrievalModel?: unknown): Method {
  const info = STRATEGY_INFO[strategy];
  if (!METHODS.includes(method as Method)) throw raise('invalid_config', `retrieval method must be one of ${METHODS.join(', ')}`);
  if (method === 'tree_search') requireLlm("Retrieval method 'tree_search'", retrievalModel ?? 'gpt-5-mini', llm);
  if (!info.retrievers.includes(method as Method)) throw raise('invalid_config', `Retrieval method '${method}' is not compatible with strategy '${strategy}' (use ${info.retrievers.join(', ')})`);
  return method as Method;
}

/** GET /api/config/kb-defaults. */
export function kbDefaults(s: SettingsSnapshot) {
  const strategies: Record<string, unknown> = {};
  for (const st of STRATEGIES) {
    const info = STRATEGY_INFO[st];
    strategies[st] = {
      label: info.label, compatible_retrievers: info.retrievers,
      retriever_labels: Object.fromEntries(info.retrievers.map((m) => [m, RETRIEVER_LABELS[m]])),
      default_retrieval_method: info.defaultMethod, supports_reranker: st !== 'page_index',
      requires_llm: info.llmFields.length > 0, available: true,
      default_indexing_config: defaultIndexingConfig(st, s), default_retrieval_config: defaultRetrievalConfig(st, s),
    };
  }
  return {
    strategies,
    reranker: { default_model: s.str('RERANKER_DEFAULT_MODEL'), candidate_count: s.int('RERANKER_CANDIDATE_COUNT'), options: RERANKERS, available: true, served_by: 'llm' },
    query_enrichment: { model: s.str('QUERY_ENRICHMENT_MODEL'), available: true },
    enrichment: { model: s.str('METADATA_ENRICHMENT_MODEL'), max_tokens: s.int('METADATA_ENRICHMENT_MAX_TOKENS') },
    hybrid_vector_weight: s.num('HYBRID_DEFAULT_VECTOR_WEIGHT'),
    embedding_models: { default: s.str('CHUNK_EMBED_EMBEDDING_MODEL'), options: ['local/use-lite', 'text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002', 'openai/<model>'] },
    extraction: { default_method: s.str('EXTRACTION_DEFAULT_METHOD'), fallback_chain: ['pdf-text', 'tesseract-ocr'], options: ['auto', 'mistral', 'paddleocr', 'lighton', 'llamaparse', 'opendataloader', 'fitz', 'pdfplumber'] },
  };
}
