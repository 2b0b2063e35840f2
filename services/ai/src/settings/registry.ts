// The typed settings registry: every project-level knob (GET/PUT /api/settings), with category, type,
// default and bounds. Values are stored as strings in ai.project_settings; secret ones encrypted.
export type SettingType = 'string' | 'int' | 'float' | 'bool' | 'choice' | 'secret';

export interface SettingDef {
  key: string;
  category: Category;
  label: string;
  description: string;
  type: SettingType;
  default: string;
  min?: number;
  max?: number;
  choices?: string[];
  advanced?: boolean;
  subcategory?: string;
}

export const CATEGORIES = {
  copilot: 'Copilot',
  agents: 'Agents',
  tools: 'Tools',
  'knowledge-indexing': 'Knowledge Indexing',
  'knowledge-retrieval': 'Knowledge Retrieval',
  compaction: 'Compaction',
  sources: 'Sources',
} as const;
export type Category = keyof typeof CATEGORIES;

export const LOCAL_EMBEDDING_MODEL = 'local/use-lite';
const LLM = 'gpt-5-mini';

const d = (key: string, category: Category, type: SettingType, def: string, label: string, description: string, extra: Partial<SettingDef> = {}): SettingDef =>
  ({ key, category, type, default: def, label, description, ...extra });

export const SETTINGS: SettingDef[] = [
  // sources
  d('EXTRACTION_DEFAULT_METHOD', 'sources', 'choice', 'auto', 'Default PDF extraction method', 'extraction_model used when an upload names none',
    { choices: ['auto', 'mistral', 'paddleocr', 'lighton', 'opendataloader', 'fitz', 'pdfplumber', 'llamaparse'] }),
  d('URL_IMPORT_MAX_PAGES', 'sources', 'int', '50', 'URL import: max pages', 'Hard cap on pages per import-url call', { min: 1, max: 200 }),
  d('URL_IMPORT_CRAWL_MAX_DEPTH', 'sources', 'int', '3', 'URL import: crawl depth', 'Link depth followed in crawl mode', { min: 1, max: 10 }),
  d('URL_IMPORT_MAX_IMAGES_PER_PAGE', 'sources', 'int', '10', 'URL import: images per page', 'Images kept per imported page', { min: 0, max: 100 }),
  d('URL_IMPORT_IMAGE_MAX_SIZE_MB', 'sources', 'int', '5', 'URL import: max image size (MB)', 'Larger images are skipped', { min: 1, max: 50 }),
  d('EXTRACTION_PAGE_IMAGES', 'sources', 'bool', 'true', 'Render PDF page images', 'Store a PNG per PDF page as an image derivative (needs pdftoppm)', { advanced: true }),
  d('OCR_LANGUAGES', 'sources', 'string', 'eng', 'OCR languages', 'tesseract language codes, joined with +', { advanced: true }),
  // tools (crawler and OCR API keys)
  d('FIRECRAWL_API_KEY', 'tools', 'secret', '', 'Firecrawl API key', 'Enables crawl and sitemap modes of import-url'),
  d('FIRECRAWL_API_BASE', 'tools', 'string', 'https://api.firecrawl.dev', 'Firecrawl API base URL', 'For self-hosted Firecrawl', { advanced: true }),
  d('FIRECRAWL_RATE_LIMIT_PER_MINUTE', 'tools', 'int', '30', 'Firecrawl rate limit', 'Requests per minute', { min: 1, max: 1000, advanced: true }),
  d('EXA_API_KEY', 'tools', 'secret', '', 'Exa API key', 'Web search tool'),
  d('EXA_RATE_LIMIT_PER_MINUTE', 'tools', 'int', '60', 'Exa rate limit', 'Requests per minute', { min: 1, max: 1000, advanced: true }),
  d('MISTRAL_API_KEY', 'tools', 'secret', '', 'Mistral API key', 'Mistral OCR extraction (extraction_model mistral)'),
  d('MISTRAL_API_BASE', 'tools', 'string', 'https://api.mistral.ai/v1', 'Mistral API base URL', 'Mistral OCR endpoint base', { advanced: true }),
  d('CUSTOM_TOOL_TIMEOUT', 'tools', 'int', '30', 'Custom tool timeout (s)', 'HTTP timeout of custom tools', { min: 1, max: 300 }),
  d('MCP_TOOL_TIMEOUT', 'tools', 'int', '30', 'MCP tool timeout (s)', 'Timeout of MCP tool calls', { min: 1, max: 300 }),
  d('MAX_TOOL_OUTPUT_LENGTH', 'tools', 'int', '50000', 'Max tool output', 'Characters of a tool result kept', { min: 1000, max: 1000000 }),
  // knowledge indexing
  d('CHUNK_EMBED_DEFAULT_CHUNK_SIZE', 'knowledge-indexing', 'int', '2000', 'Chunk size (tokens)', 'chunk_embed chunk size, cl100k tokens', { min: 50, max: 8000, subcategory: 'chunk_embed' }),
  d('CHUNK_EMBED_DEFAULT_OVERLAP', 'knowledge-indexing', 'int', '50', 'Chunk overlap (tokens)', 'chunk_embed overlap, cl100k tokens', { min: 0, max: 4000, subcategory: 'chunk_embed' }),
  d('CHUNK_EMBED_EMBEDDING_MODEL', 'knowledge-indexing', 'string', LOCAL_EMBEDDING_MODEL, 'Embedding model', `Default embedding model (${LOCAL_EMBEDDING_MODEL}: offline, 512 dims)`, { subcategory: 'chunk_embed' }),
  d('EMBEDDING_MAX_TOKENS_PER_BATCH', 'knowledge-indexing', 'int', '250000', 'Embedding batch (tokens)', 'Tokens per embedding API call', { min: 1000, max: 1000000, advanced: true }),
  d('EMBEDDING_API_BASE', 'knowledge-indexing', 'string', '', 'Embedding API base URL', 'OpenAI-compatible endpoint for openai/<model> embeddings (Ollama, vLLM, LM Studio); empty = OpenAI', { advanced: true }),
  d('BM25_AUTO_INDEXING', 'knowledge-indexing', 'bool', 'true', 'BM25 auto-indexing', 'Keep the full-text index current as items are indexed'),
  d('FULLDOC_SUMMARY_MODEL', 'knowledge-indexing', 'string', LLM, 'Full document: summary model', 'LLM writing per-document summaries', { subcategory: 'full_document' }),
  d('FULLDOC_EMBEDDING_MODEL', 'knowledge-indexing', 'string', LOCAL_EMBEDDING_MODEL, 'Full document: embedding model', 'Embeds the summaries', { subcategory: 'full_document' }),
  d('FULLDOC_SUMMARY_INPUT_CHARS', 'knowledge-indexing', 'int', '128000', 'Full document: summary input', 'Characters fed to the summary', { min: 1000, max: 2000000, subcategory: 'full_document' }),
  d('FULLDOC_SUMMARY_MAX_TOKENS', 'knowledge-indexing', 'int', '8000', 'Full document: summary length', 'Max summary tokens', { min: 100, max: 32000, subcategory: 'full_document' }),
  d('PAGEINDEX_INDEXING_MODEL', 'knowledge-indexing', 'string', LLM, 'PageIndex: model', 'LLM building the tree', { subcategory: 'page_index' }),
  d('PAGEINDEX_LLM_MAX_CONCURRENT', 'knowledge-indexing', 'int', '7', 'PageIndex: LLM concurrency', 'Parallel LLM calls', { min: 1, max: 50, subcategory: 'page_index' }),
  d('PAGEINDEX_SUMMARY_TOKEN_THRESHOLD', 'knowledge-indexing', 'int', '1500', 'PageIndex: summary threshold', 'Nodes above this get a summary', { min: 100, max: 100000, subcategory: 'page_index' }),
  d('PAGEINDEX_DOC_DESCRIPTION_MAX_TOKENS', 'knowledge-indexing', 'int', '80000', 'PageIndex: description input', 'Tokens read for the document description', { min: 1000, max: 1000000, subcategory: 'page_index' }),
  d('GRAPHINDEX_INDEXING_MODEL', 'knowledge-indexing', 'string', LLM, 'GraphIndex: model', 'LLM building the tree', { subcategory: 'graph_index' }),
  d('GRAPHINDEX_ENRICHMENT_MODEL', 'knowledge-indexing', 'string', LLM, 'GraphIndex: enrichment model', 'LLM finding cross-references', { subcategory: 'graph_index' }),
  d('GRAPHINDEX_EMBEDDING_MODEL', 'knowledge-indexing', 'string', LOCAL_EMBEDDING_MODEL, 'GraphIndex: embedding model', 'Embeds node summaries', { subcategory: 'graph_index' }),
  d('DOC2JSON_EXTRACTION_MODEL', 'knowledge-indexing', 'string', LLM, 'Doc2JSON: model', 'LLM extracting fields', { subcategory: 'doc2json' }),
  d('DOC2JSON_WINDOW_SIZE', 'knowledge-indexing', 'int', '4000', 'Doc2JSON: window (tokens)', 'Tokens per extraction window', { min: 500, max: 100000, subcategory: 'doc2json' }),
  d('DOC2JSON_WINDOW_OVERLAP', 'knowledge-indexing', 'int', '200', 'Doc2JSON: overlap (tokens)', 'Overlap between windows', { min: 0, max: 10000, subcategory: 'doc2json' }),
  d('METADATA_ENRICHMENT_MODEL', 'knowledge-indexing', 'string', LLM, 'Metadata enrichment: model', 'LLM extracting metadata fields', { subcategory: 'enrichment' }),
  d('METADATA_ENRICHMENT_MAX_TOKENS', 'knowledge-indexing', 'int', '2000', 'Metadata enrichment: max tokens', 'Per-item output budget', { min: 100, max: 32000, subcategory: 'enrichment' }),
  // knowledge retrieval
  d('KB_DEFAULT_TOP_K', 'knowledge-retrieval', 'int', '5', 'Default top_k', 'Results per search', { min: 1, max: 200 }),
  d('HYBRID_DEFAULT_VECTOR_WEIGHT', 'knowledge-retrieval', 'float', '0.5', 'Hybrid vector weight', 'Weight of the vector list in RRF (the full-text list gets 1 - w)', { min: 0, max: 1 }),
  d('DEFAULT_IMAGE_DELIVERY', 'knowledge-retrieval', 'choice', 'base64', 'Image delivery', 'How page images are returned', { choices: ['base64', 'url'] }),
  d('KB_DEFAULT_MAX_CONTEXT_TOKENS', 'knowledge-retrieval', 'int', '16000', 'KB tool context budget', 'Tokens of retrieved context for the KB tool', { min: 500, max: 1000000 }),
  d('DEFAULT_MAX_CONTEXT_TOKENS', 'knowledge-retrieval', 'int', '32000', 'Run context budget', 'Tokens of retrieved context per run', { min: 500, max: 1000000 }),
  d('RERANKER_DEFAULT_MODEL', 'knowledge-retrieval', 'string', 'cohere/rerank-english-v3.0', 'Default reranker', 'Model used when a KB enables reranking without naming one'),
  d('RERANKER_CANDIDATE_COUNT', 'knowledge-retrieval', 'int', '20', 'Reranker candidates', 'Stage-1 results handed to the reranker', { min: 1, max: 200 }),
  d('QUERY_ENRICHMENT_MODEL', 'knowledge-retrieval', 'string', LLM, 'Query enrichment model', 'LLM rewriting queries'),
  d('PAGEINDEX_RETRIEVAL_MODEL', 'knowledge-retrieval', 'string', LLM, 'Tree search model', 'LLM of tree_search'),
  d('HNSW_EF_SEARCH', 'knowledge-retrieval', 'int', '100', 'HNSW ef_search', 'Candidate list size of vector search (recall vs latency)', { min: 10, max: 1000, advanced: true }),
  d('DROPPED_ITEM_TEXT_LIMIT', 'knowledge-retrieval', 'int', '500', 'Dropped item text', 'Characters kept of items cut from a context', { min: 0, max: 10000, advanced: true }),
  // agents and compaction (read by the agents part)
  d('AGENT_DEFAULT_MODEL', 'agents', 'string', 'gpt-5.4-mini', 'Default agent model', 'Model of agents created without one'),
  d('DELEGATE_MAX_STEPS', 'agents', 'int', '10', 'Delegate steps', 'Steps of a delegated entity', { min: 1, max: 100 }),
  d('SYSTEM_PROMPT_TRUNCATE', 'agents', 'int', '20000', 'System prompt limit', 'Characters of a system prompt kept', { min: 100, max: 1000000 }),
  d('DEFAULT_COMPACTION_MODEL', 'compaction', 'string', LLM, 'Compaction model', 'LLM summarising old turns'),
  d('COMPACTION_KEEP_LAST_N', 'compaction', 'int', '6', 'Messages kept', 'Recent messages never compacted', { min: 0, max: 100 }),
  d('CHARS_PER_TOKEN', 'compaction', 'float', '4', 'Characters per token', 'Estimate used for budgets', { min: 1, max: 10 }),
  d('COMPACTION_BUFFER', 'compaction', 'int', '4000', 'Compaction buffer', 'Tokens kept free', { min: 0, max: 100000 }),
  d('COMPACTION_MAX_OUTPUT_TOKENS', 'compaction', 'int', '2000', 'Compaction output', 'Summary length', { min: 100, max: 32000 }),
  d('COPILOT_TEMPERATURE', 'copilot', 'float', '0.7', 'Copilot temperature', 'Sampling temperature', { min: 0, max: 2 }),
  d('COPILOT_MAX_STEPS', 'copilot', 'int', '25', 'Copilot steps', 'Tool steps per turn', { min: 1, max: 100 }),
];

export const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));
export const SECRET_MASK = '••••••••';

/** Checks and normalises a value for its definition; returns an error message or the string to store. */
export function validateSetting(def: SettingDef, raw: unknown): { ok: true; value: string } | { ok: false; error: string } {
  if (raw === null || raw === undefined) return { ok: false, error: 'value is required' };
  const s = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
  if (s === null) return { ok: false, error: 'must be a string, number or boolean' };
  switch (def.type) {
    case 'int':
    case 'float': {
      const n = Number(s);
      if (s === '' || !Number.isFinite(n) || (def.type === 'int' && !Number.isInteger(n))) return { ok: false, error: `must be ${def.type === 'int' ? 'an integer' : 'a number'}` };
      if (def.min !== undefined && n < def.min) return { ok: false, error: `must be at least ${def.min}` };
      if (def.max !== undefined && n > def.max) return { ok: false, error: `must be at most ${def.max}` };
      return { ok: true, value: String(n) };
    }
    case 'bool':
      if (/^(true|1|yes|on)$/i.test(s)) return { ok: true, value: 'true' };
      if (/^(false|0|no|off)$/i.test(s)) return { ok: true, value: 'false' };
      return { ok: false, error: 'must be true or false' };
    case 'choice':
      return def.choices!.includes(s) ? { ok: true, value: s } : { ok: false, error: `must be one of ${def.choices!.join(', ')}` };
    default:
      return s.length > 10_000 ? { ok: false, error: 'is too long' } : { ok: true, value: s };
  }
}
