// Hooks for a project's AI provider keys and AI settings registry (service-role key), one per operation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/ai-config.ts';
import { aiKeys } from './ai-keys.ts';
import { need, useProjectTarget } from './project-target.ts';

export function useProviderKeysQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: aiKeys.providerKeys(ref), queryFn: () => f.listProviderKeys(need(t)), enabled: t.state === 'ready' });
}

export function usePlatformProvidersQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: aiKeys.platformProviders(ref), queryFn: () => f.platformProviders(need(t)), enabled: t.state === 'ready' });
}

function useConfigMutation<V, R>(ref: string, key: readonly unknown[], run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: V) => run(need(t), v), onSettled: () => qc.invalidateQueries({ queryKey: key }) });
}

export const useSaveProviderKeyMutation = (ref: string) =>
  useConfigMutation(ref, aiKeys.providerKeys(ref), (t, v: { provider: string; apiKey: string }) => f.saveProviderKey(t, v.provider, v.apiKey));

export const useDeleteProviderKeyMutation = (ref: string) =>
  useConfigMutation(ref, aiKeys.providerKeys(ref), (t, provider: string) => f.deleteProviderKey(t, provider));

/** Checks a key without saving it. */
export function useValidateProviderKeyMutation(ref: string) {
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: { provider: string; apiKey: string }) => f.validateProviderKey(need(t), v.provider, v.apiKey) });
}

export function useAiSettingsQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: aiKeys.settings(ref), queryFn: () => f.getSettings(need(t)), enabled: t.state === 'ready' });
}

/** Settings feed the KB defaults too, so both are read afresh after a change. */
function useSettingsMutation<V, R>(ref: string, run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: (v: V) => run(need(t), v),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: aiKeys.settings(ref) }), qc.invalidateQueries({ queryKey: aiKeys.kbDefaults(ref) })]),
  });
}

export const useUpdateAiSettingsMutation = (ref: string) =>
  useSettingsMutation(ref, (t, settings: Record<string, string>) => f.updateSettings(t, settings));

export const useResetAiSettingMutation = (ref: string) => useSettingsMutation(ref, (t, key: string) => f.resetSetting(t, key));

export const useResetAiCategoryMutation = (ref: string) => useSettingsMutation(ref, (t, category: string) => f.resetSettingsCategory(t, category));
