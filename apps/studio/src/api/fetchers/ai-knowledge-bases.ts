// A project's knowledge bases (`/api/knowledge-bases`, `/api/config/kb-defaults`): defaults, list, create,
// detail with its indexed sources, add/remove a source, reindex, delete, search.
import type {
  IndexedSource, KbDefaults, KbInput, KnowledgeBase, KnowledgeBaseDetail, KnowledgeBaseList, SearchRequest, SearchResponse,
} from '../ai-types.ts';
import type { ProjectTarget } from '../project-http.ts';
import { aiApi } from './ai-http.ts';

const id = (s: string) => encodeURIComponent(s);

export const getKbDefaults = (t: ProjectTarget) => aiApi<KbDefaults>(t, '/config/kb-defaults');

export const listKnowledgeBases = (t: ProjectTarget) =>
  aiApi<KnowledgeBaseList>(t, '/knowledge-bases', { query: { limit: 200, sort: 'created_at', order: 'desc' } });

export const getKnowledgeBase = (t: ProjectTarget, kbId: string) => aiApi<KnowledgeBaseDetail>(t, `/knowledge-bases/${id(kbId)}`);

export const createKnowledgeBase = (t: ProjectTarget, input: KbInput) =>
  aiApi<KnowledgeBase>(t, '/knowledge-bases', { method: 'POST', body: input });

export const deleteKnowledgeBase = (t: ProjectTarget, kbId: string) =>
  aiApi<{ message: string }>(t, `/knowledge-bases/${id(kbId)}`, { method: 'DELETE' });

export const addKbSource = (t: ProjectTarget, kbId: string, sourceId: string) =>
  aiApi<IndexedSource & { task_id: string }>(t, `/knowledge-bases/${id(kbId)}/sources`, { method: 'POST', body: { source_id: sourceId } });

export const removeKbSource = (t: ProjectTarget, kbId: string, indexedSourceId: string) =>
  aiApi<{ message: string }>(t, `/knowledge-bases/${id(kbId)}/sources/${id(indexedSourceId)}`, { method: 'DELETE' });

export const reindexKb = (t: ProjectTarget, kbId: string, indexedSourceIds?: string[]) =>
  aiApi<{ status: string; count: number }>(t, `/knowledge-bases/${id(kbId)}/reindex`, {
    method: 'POST', body: indexedSourceIds ? { indexed_source_ids: indexedSourceIds } : {},
  });

export const searchKnowledgeBase = (t: ProjectTarget, kbId: string, q: SearchRequest) =>
  aiApi<SearchResponse>(t, `/knowledge-bases/${id(kbId)}/search`, { method: 'POST', body: q });
