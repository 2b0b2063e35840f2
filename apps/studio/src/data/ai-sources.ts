// Hooks for a project's AI sources (service-role key), one per operation. Lists and details poll while an
// extraction is pending or running, so statuses change on screen without a reload.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/ai-sources.ts';
import type { AiSource, SourceListRequest } from '../api/ai-types.ts';
import { AI_POLL_MS, aiKeys, extractionBusy } from './ai-keys.ts';
import { need, useProjectTarget } from './project-target.ts';

export function useSourcesQuery(ref: string, q: SourceListRequest) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: aiKeys.sourceList(ref, q),
    queryFn: () => f.listSources(need(t), q),
    enabled: t.state === 'ready',
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (extractionBusy(query.state.data?.sources) ? AI_POLL_MS : false),
  });
}

export function useSourceQuery(ref: string, id: string) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: aiKeys.source(ref, id),
    queryFn: () => f.getSource(need(t), id),
    enabled: t.state === 'ready' && !!id,
    refetchInterval: (query) => (extractionBusy(query.state.data) ? AI_POLL_MS : false),
  });
}

/** Page texts of a source whose extraction has ended (`source` undefined or still busy: not read). */
export function usePageTextsQuery(ref: string, source: AiSource | undefined) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: aiKeys.pageTexts(ref, source?.id ?? '', source?.updated_at ?? ''),
    queryFn: () => f.getPageTexts(need(t), source!.id),
    enabled: t.state === 'ready' && !!source && !extractionBusy(source),
  });
}

/** The Markdown derivative, when the source has one. */
export function useMarkdownQuery(ref: string, source: AiSource | undefined) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: aiKeys.markdown(ref, source?.id ?? '', source?.updated_at ?? ''),
    queryFn: () => f.getDerivativeText(need(t), source!.id, 'markdown'),
    enabled: t.state === 'ready' && !!source && !extractionBusy(source) && !!source.derivatives?.markdown?.length,
  });
}

function useSourcesMutation<V, R>(ref: string, run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: V) => run(need(t), v), onSettled: () => qc.invalidateQueries({ queryKey: aiKeys.sources(ref) }) });
}

export const useUploadSourceMutation = (ref: string) =>
  useSourcesMutation(ref, (t, v: f.SourceUpload) => f.uploadSource(t, v));

export const useReextractSourceMutation = (ref: string) => useSourcesMutation(ref, (t, id: string) => f.reextractSource(t, id));

export const useCancelSourceMutation = (ref: string) => useSourcesMutation(ref, (t, id: string) => f.cancelSource(t, id));

/** Deleting a source also unlinks it from every knowledge base: those are read afresh too. */
export function useDeleteSourceMutation(ref: string, onDeleted?: (id: string) => void) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: (id: string) => f.deleteSource(need(t), id),
    onSuccess: (_, id) => {
      onDeleted?.(id);
      qc.removeQueries({ queryKey: aiKeys.source(ref, id) });
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: aiKeys.sources(ref) }), qc.invalidateQueries({ queryKey: aiKeys.kbs(ref) })]),
  });
}

/** Downloads the original file and hands it to the browser (nothing cached). */
export function useDownloadSourceMutation(ref: string) {
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: async (s: AiSource) => {
      const blob = await f.downloadSource(need(t), s.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = s.storage_path.split('/').pop() || s.name || 'source';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      return blob.size;
    },
  });
}
