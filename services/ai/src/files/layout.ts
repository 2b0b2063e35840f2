// Where a source's files live in the `sources` bucket (the layout of Powabase's open-source backend):
//   <source id>/original/<sanitized file name>
//   <source id>/derivatives/markdown/content.md, text/content.txt, page_text/page_<n>.txt, image/page_<n>.png
// `ai.sources.storage_path` holds `sources/<source id>/original/<name>` (bucket name first).
export const SOURCES_BUCKET = 'sources';

/** A file name that is also a valid Storage object key segment (ASCII; accents dropped, others `_`). */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[\u0000-\u001f\u007f]/g, '').replace(/[^A-Za-z0-9._ -]+/g, '_')
    .replace(/\s+/g, '_').replace(/^\.+/, '').slice(0, 200);
  return clean || 'file';
}

export const originalPath = (sourceId: string, fileName: string) => `${sourceId}/original/${sanitizeFileName(fileName)}`;
export const sourcePrefix = (sourceId: string) => `${sourceId}/`;
export const derivativePath = (sourceId: string, type: string, file: string) => `${sourceId}/derivatives/${type}/${file}`;
export const storagePathOf = (path: string) => `${SOURCES_BUCKET}/${path}`;

/** `sources/<path>` -> `<path>` (the column keeps the bucket name first). */
export function pathInBucket(storagePath: string): string {
  return storagePath.startsWith(`${SOURCES_BUCKET}/`) ? storagePath.slice(SOURCES_BUCKET.length + 1) : storagePath;
}
