// Query keys of a project's AI data, nested under the project's key (so a project-wide invalidation reaches
// them), and when a cached AI resource is still changing (pages poll it while so).
import type { AiSource, KnowledgeBaseDetail, SourceListRequest } from '../api/ai-types.ts';

export const aiKeys = {
  all: (ref: string) => ['projects', ref, 'ai'] as const,
  sources: (ref: string) => ['projects', ref, 'ai', 'sources'] as const,
  sourceList: (ref: string, q: SourceListRequest) => ['projects', ref, 'ai', 'sources', 'list', q] as const,
  source: (ref: string, id: string) => ['projects', ref, 'ai', 'sources', 'detail', id] as const,
  /** `version` is the source's updated_at: a finished (re-)extraction changes it, so the texts are read afresh. */
  pageTexts: (ref: string, id: string, version: string) => ['projects', ref, 'ai', 'sources', 'detail', id, 'page-texts', version] as const,
  markdown: (ref: string, id: string, version: string) => ['projects', ref, 'ai', 'sources', 'detail', id, 'markdown', version] as const,
  kbDefaults: (ref: string) => ['projects', ref, 'ai', 'kb-defaults'] as const,
  kbs: (ref: string) => ['projects', ref, 'ai', 'knowledge-bases'] as const,
  kb: (ref: string, id: string) => ['projects', ref, 'ai', 'knowledge-bases', id] as const,
  providerKeys: (ref: string) => ['projects', ref, 'ai', 'provider-keys'] as const,
  platformProviders: (ref: string) => ['projects', ref, 'ai', 'provider-keys', 'platform'] as const,
  settings: (ref: string) => ['projects', ref, 'ai', 'settings'] as const,
};

/** How often a page re-reads a source or knowledge base whose extraction or indexing is under way. */
export const AI_POLL_MS = 1000;

const EXTRACTING = new Set(['pending', 'extracting']);
const INDEXING = new Set(['pending', 'indexing']);

export const extractionBusy = (sources: AiSource[] | AiSource | undefined) =>
  ([] as AiSource[]).concat(sources ?? []).some((s) => EXTRACTING.has(s.extraction_status));

export const indexingBusy = (kb: KnowledgeBaseDetail | undefined) => !!kb?.indexed_sources.some((s) => INDEXING.has(s.index_status));
