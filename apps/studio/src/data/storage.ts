// Hooks for a project's Storage (service-role key): buckets, folder listings, uploads with progress,
// downloads, removal and signed URLs. One per operation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/storage.ts';
import type { BucketInput } from '../api/project-types.ts';
import type { Progress } from '../api/upload.ts';
import { keys } from './keys.ts';
import { need, useProjectTarget } from './project-target.ts';

export function useBucketsQuery(ref: string) {
  const t = useProjectTarget(ref);
  return useQuery({ queryKey: keys.storage.buckets(ref), queryFn: () => f.listBuckets(need(t)), enabled: t.state === 'ready' });
}

export function useFolderQuery(ref: string, bucket: string, prefix: string) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: keys.storage.folder(ref, bucket, prefix),
    queryFn: () => f.listFolder(need(t), bucket, prefix),
    enabled: t.state === 'ready' && !!bucket,
  });
}

/** A mutation with the project target; afterwards the queries under `invalidate` read afresh. */
function useStorageMutation<V, R>(ref: string, invalidate: readonly unknown[], run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: V) => run(need(t), v), onSettled: () => qc.invalidateQueries({ queryKey: invalidate }) });
}

export const useCreateBucketMutation = (ref: string) =>
  useStorageMutation(ref, keys.storage.buckets(ref), (t, v: { name: string } & BucketInput) => f.createBucket(t, v.name, v));

export const useUpdateBucketMutation = (ref: string) =>
  useStorageMutation(ref, keys.storage.buckets(ref), (t, v: { id: string } & BucketInput) => f.updateBucket(t, v.id, v));

/** `onDeleted` runs before the bucket list is read again, so a page showing the bucket can leave it first. */
export function useDeleteBucketMutation(ref: string, onDeleted?: (id: string) => void) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: (id: string) => f.deleteBucket(need(t), id),
    onSuccess: (_, id) => onDeleted?.(id),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.storage.all(ref) }),
  });
}

export interface UploadVars { key: string; file: Blob; upsert?: boolean; onProgress?: (p: Progress) => void; signal?: AbortSignal }

export const useUploadObjectMutation = (ref: string, bucket: string) =>
  useStorageMutation(ref, keys.storage.objects(ref, bucket), (t, v: UploadVars) => f.uploadObject(t, bucket, v.key, v.file, v));

export const useCreateFolderMutation = (ref: string, bucket: string) =>
  useStorageMutation(ref, keys.storage.objects(ref, bucket), (t, path: string) => f.createFolder(t, bucket, path));

export const useDeleteObjectsMutation = (ref: string, bucket: string) =>
  useStorageMutation(ref, keys.storage.objects(ref, bucket), (t, objectKeys: string[]) => f.removeObjects(t, bucket, objectKeys));

export const useDeleteFolderMutation = (ref: string, bucket: string) =>
  useStorageMutation(ref, keys.storage.objects(ref, bucket), (t, prefix: string) => f.removeFolder(t, bucket, prefix));

/** Downloads an object and hands it to the browser as a file (nothing cached). */
export function useDownloadObjectMutation(ref: string, bucket: string) {
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: async (key: string) => {
      const blob = await f.downloadObject(need(t), bucket, key);
      saveBlob(blob, key.split('/').pop() || 'download');
      return blob.size;
    },
  });
}

export function useSignedUrlMutation(ref: string, bucket: string) {
  const t = useProjectTarget(ref);
  return useMutation({ mutationFn: (v: { key: string; expiresIn: number }) => f.createSignedUrl(need(t), bucket, v.key, v.expiresIn) });
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
