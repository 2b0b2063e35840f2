// Shapes of a project's AI service (`/api`: sources, knowledge bases, search, provider keys, settings) as the
// Studio reads them (services/ai/README.md). Written here on purpose: the Studio never imports server code.

export type ExtractionStatus = 'pending' | 'extracting' | 'extracted' | 'attention_required' | 'failed' | 'cancelled';
export type IndexStatus = 'pending' | 'indexing' | 'indexed' | 'failed' | 'cancelled';

export interface DerivativeRef { storage_path: string; format: string; page?: number }

export interface AiSource {
  id: string;
  name: string | null;
  file_type: string;
  storage_path: string;
  extraction_status: ExtractionStatus;
  derivatives?: Record<string, DerivativeRef[]>;
  metadata?: Record<string, unknown>;
  auto_metadata?: Record<string, unknown>;
  error_message?: string | null;
  error_code?: string | null;
  created_at: string;
  updated_at?: string;
  task_id?: string | null;
}

export interface SourceList { sources: AiSource[]; total: number; limit: number; offset: number }
export interface SourceListRequest { status?: ExtractionStatus | ''; q?: string; limit: number; offset: number }

/** Every page's text (`GET /sources/{id}/page-texts`), page 1 first. */
export interface PageTexts { page_texts: string[]; count: number }

export interface StrategyDefaults {
  label: string;
  compatible_retrievers: string[];
  retriever_labels: Record<string, string>;
  default_retrieval_method: string;
  requires_llm: boolean;
  available: boolean;
  default_indexing_config: Record<string, unknown>;
  default_retrieval_config: Record<string, unknown>;
}

/** `GET /config/kb-defaults` (the parts the Studio uses). */
export interface KbDefaults {
  strategies: Record<string, StrategyDefaults>;
  embedding_models: { default: string; options: string[] };
  hybrid_vector_weight: number;
}

export interface IndexingConfig { strategy: string; chunk_size?: number; overlap?: number; embedding_model?: string; [k: string]: unknown }
export interface RetrievalConfig { method: string; top_k?: number; vector_weight?: number; [k: string]: unknown }

export type SourceCounts = Record<IndexStatus | 'total', number>;

export interface KnowledgeBase {
  id: string;
  name: string;
  description: string | null;
  indexing_config: IndexingConfig;
  retrieval_config: RetrievalConfig;
  created_at: string;
  updated_at: string;
  source_counts?: SourceCounts;
  chunk_count?: number;
}

export interface KnowledgeBaseList { knowledge_bases: KnowledgeBase[]; total: number; limit: number; offset: number }

export interface IndexedSource {
  id: string;
  source_id: string;
  index_status: IndexStatus;
  indexed_at: string | null;
  stats: Record<string, unknown> | null;
  error_message: string | null;
  source_name: string | null;
  file_type: string | null;
  created_at?: string;
}

export interface KnowledgeBaseDetail extends KnowledgeBase {
  indexed_sources: IndexedSource[];
  source_counts: SourceCounts;
  drift: 'none' | 'full';
}

export interface KbInput {
  name: string;
  description?: string;
  indexing_config: IndexingConfig;
  retrieval_config: RetrievalConfig;
}

export interface SearchRequest { query: string; retrieval_method?: string; top_k?: number }

export interface SearchResult {
  id: string;
  chunk_id: string;
  text: string;
  score: number;
  source_id: string;
  source_name: string | null;
  knowledge_base_id: string;
  chunk_index: number;
  meta?: Record<string, unknown>;
}

export interface SearchResponse { results: SearchResult[]; query: string; retrieval_method: string; total_results: number; warnings?: string[] }

export const PROVIDERS = ['openai', 'anthropic', 'google', 'openrouter'] as const;
export type Provider = typeof PROVIDERS[number];

export interface ProviderKey {
  id: string;
  provider: string;
  masked_key: string;
  is_valid: boolean;
  last_validated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface KeyValidation { is_valid: boolean; error?: string }

export interface Setting {
  key: string;
  label: string;
  description: string;
  type: 'string' | 'int' | 'float' | 'bool' | 'choice';
  default: string;
  value: string;
  advanced: boolean;
  secret: boolean;
  is_set: boolean;
  min?: number;
  max?: number;
  choices?: string[];
  subcategory?: string;
}

export interface SettingsRegistry { categories: Record<string, { label: string; settings: Setting[] }> }
