// A project's files through its Storage API (/storage/v1, service-role key): buckets, one folder level at a
// time, uploads with progress, downloads, removal (of objects and of whole folders) and signed URLs.
import { keyPath, projectApi, projectError, projectFetch, projectHeaders, projectUrl, type ProjectTarget } from '../project-http.ts';
import type { Bucket, BucketInput, StorageEntry } from '../project-types.ts';
import { xhrUpload, type Progress } from '../upload.ts';

/** The placeholder object that keeps an empty folder listed (as Supabase Studio does). */
export const FOLDER_PLACEHOLDER = '.emptyFolderPlaceholder';
const LIST_LIMIT = 1000;

export const listBuckets = (t: ProjectTarget) => projectApi<Bucket[]>(t, '/storage/v1/bucket');

export const createBucket = (t: ProjectTarget, name: string, i: BucketInput) =>
  projectApi<{ name: string }>(t, '/storage/v1/bucket', { method: 'POST', body: { id: name, name, ...i } });

export const updateBucket = (t: ProjectTarget, id: string, i: BucketInput) =>
  projectApi<{ message: string }>(t, `/storage/v1/bucket/${encodeURIComponent(id)}`, { method: 'PUT', body: i });

/** Empties the bucket (its files too), then deletes it: Storage refuses to delete a bucket with objects. */
export async function deleteBucket(t: ProjectTarget, id: string): Promise<void> {
  await projectApi(t, `/storage/v1/bucket/${encodeURIComponent(id)}/empty`, { method: 'POST' });
  await projectApi(t, `/storage/v1/bucket/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** One folder level under `prefix` ('' or ending in '/'): folders first, then objects, by name. */
export const listFolder = (t: ProjectTarget, bucket: string, prefix: string) =>
  projectApi<StorageEntry[]>(t, `/storage/v1/object/list/${encodeURIComponent(bucket)}`, {
    method: 'POST', body: { prefix, limit: LIST_LIMIT, offset: 0, sortBy: { column: 'name', order: 'asc' } },
  });

export interface UploadOptions { upsert?: boolean; onProgress?: (p: Progress) => void; signal?: AbortSignal }

/** Uploads `file` as `key` (raw body, its own content type), reporting progress. */
export async function uploadObject(t: ProjectTarget, bucket: string, key: string, file: Blob, o: UploadOptions = {}): Promise<{ Key: string }> {
  const r = await xhrUpload({
    method: 'POST',
    url: projectUrl(t, `/storage/v1/object/${encodeURIComponent(bucket)}/${keyPath(key)}`),
    headers: projectHeaders(t, { 'content-type': file.type || 'application/octet-stream', 'x-upsert': String(!!o.upsert), 'cache-control': 'max-age=3600' }),
    body: file, onProgress: o.onProgress, signal: o.signal,
  });
  if (r.status < 200 || r.status >= 300) throw projectError(r.status, r.statusText, r.body);
  return JSON.parse(r.body) as { Key: string };
}

/** A folder is a key prefix: it exists while an object lies under it, here a placeholder. */
export const createFolder = (t: ProjectTarget, bucket: string, path: string) =>
  uploadObject(t, bucket, `${path.replace(/\/+$/, '')}/${FOLDER_PLACEHOLDER}`, new Blob([], { type: 'text/plain' }));

export async function downloadObject(t: ProjectTarget, bucket: string, key: string): Promise<Blob> {
  const r = await projectFetch(t, `/storage/v1/object/${encodeURIComponent(bucket)}/${keyPath(key)}`, { headers: { accept: '*/*' } });
  return r.blob();
}

export const removeObjects = (t: ProjectTarget, bucket: string, keys: string[]) =>
  projectApi<Array<{ name: string }>>(t, `/storage/v1/object/${encodeURIComponent(bucket)}`, { method: 'DELETE', body: { prefixes: keys } });

/** Removes every object under `prefix` (a folder and all below it), a listing page at a time. */
export async function removeFolder(t: ProjectTarget, bucket: string, prefix: string): Promise<number> {
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  let removed = 0;
  for (;;) {
    const page = await projectApi<{ objects: Array<{ name: string }> }>(t, `/storage/v1/object/list-v2/${encodeURIComponent(bucket)}`, {
      method: 'POST', body: { prefix: folder, limit: LIST_LIMIT },
    });
    const keys = page.objects.map((o) => o.name).filter((k) => k.startsWith(folder));
    if (!keys.length) return removed;
    const gone = await removeObjects(t, bucket, keys);
    if (!gone.length) return removed; // nothing could be removed: stop rather than loop
    removed += gone.length;
  }
}

/** A URL anyone can download `key` with for `expiresIn` seconds. */
export async function createSignedUrl(t: ProjectTarget, bucket: string, key: string, expiresIn: number): Promise<string> {
  const { signedURL } = await projectApi<{ signedURL: string }>(t, `/storage/v1/object/sign/${encodeURIComponent(bucket)}/${keyPath(key)}`, {
    method: 'POST', body: { expiresIn },
  });
  return `${t.url.replace(/\/$/, '')}/storage/v1${signedURL}`;
}

/** The address of an object of a public bucket (no key needed). */
export const publicUrl = (t: ProjectTarget, bucket: string, key: string) =>
  `${t.url.replace(/\/$/, '')}/storage/v1/object/public/${encodeURIComponent(bucket)}/${keyPath(key)}`;
