// Hooks for a project's knowledge bases (service-role key), one per operation. A knowledge base's detail
// polls while one of its sources is pending or indexing; search is a mutation (a playground run, not cached).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/ai-knowledge-bases.ts';
import type { KbInput, SearchRequest } from '../api/ai-types.ts';
import { AI_POLL_MS, aiKeys, indexingBusy } from './ai-keys.ts';
import { need, useProjectTarget } from './project-target.ts';

export function useKbDefaultsQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: aiKeys.kbDefaults(ref), queryFn: () => f.getKbDefaults(need(t)), enabled: t.state === 'ready', staleTime: 60_000 });
}

export function useKnowledgeBasesQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: aiKeys.kbs(ref), queryFn: () => f.listKnowledgeBases(need(t)), enabled: t.state === 'ready' });
}

export function useKnowledgeBaseQuery(ref: string, id: string) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: aiKeys.kb(ref, id),
    queryFn: () => f.getKnowledgeBase(need(t), id),
    enabled: t.state === 'ready' && !!id,
    refetchInterval: (q) => (indexingBusy(q.state.data) ? AI_POLL_MS : false),
  });
}

function useKbMutation<V, R>(ref: string, run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: V) => run(need(t), v), onSettled: () => qc.invalidateQueries({ queryKey: aiKeys.kbs(ref) }) });
}

export const useCreateKnowledgeBaseMutation = (ref: string) => useKbMutation(ref, (t, v: KbInput) => f.createKnowledgeBase(t, v));

export function useDeleteKnowledgeBaseMutation(ref: string, onDeleted?: () => void) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: (id: string) => f.deleteKnowledgeBase(need(t), id),
    onSuccess: (_, id) => { onDeleted?.(); qc.removeQueries({ queryKey: aiKeys.kb(ref, id) }); },
    onSettled: () => qc.invalidateQueries({ queryKey: aiKeys.kbs(ref) }),
  });
}

export const useAddKbSourceMutation = (ref: string, kbId: string) =>
  useKbMutation(ref, (t, sourceId: string) => f.addKbSource(t, kbId, sourceId));

export const useRemoveKbSourceMutation = (ref: string, kbId: string) =>
  useKbMutation(ref, (t, indexedSourceId: string) => f.removeKbSource(t, kbId, indexedSourceId));

export const useReindexKbMutation = (ref: string, kbId: string) =>
  useKbMutation(ref, (t, ids: string[] | undefined) => f.reindexKb(t, kbId, ids));

export function useSearchKbMutation(ref: string, kbId: string) {
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (q: SearchRequest) => f.searchKnowledgeBase(need(t), kbId, q) });
}
