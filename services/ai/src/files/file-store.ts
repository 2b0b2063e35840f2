// The FileStore port: where the AI service keeps originals and derivatives (bucket `sources`) and reads
// objects for import-from-storage. Paths are relative to a bucket; writes appear whole or not at all.
import type { Readable } from 'node:stream';

export interface StoredFile {
  body: Readable;
  size: number;
  contentType?: string;
}

export interface FileStore {
  /** Streams `body` to `bucket/path`; a failed or aborted write leaves nothing. Resolves with the byte count. */
  put(bucket: string, path: string, body: Readable, opts?: { contentType?: string; signal?: AbortSignal }): Promise<{ size: number }>;
  /** Streams an object; throws FileNotFound when absent. */
  get(bucket: string, path: string): Promise<StoredFile>;
  /** Deletes paths; absent ones are ignored. */
  delete(bucket: string, paths: readonly string[]): Promise<void>;
  /** Deletes every object whose path starts with `prefix` (e.g. `<source id>/`). */
  deletePrefix(bucket: string, prefix: string): Promise<void>;
}

export class FileNotFound extends Error {
  constructor(readonly bucket: string, readonly path: string) {
    super(`file not found: ${bucket}/${path}`);
    this.name = 'FileNotFound';
  }
}

/** Refuses paths that would escape a bucket: relative, no dot segments, no NUL or backslash. */
export function assertSafePath(path: string): void {
  if (!path || path.startsWith('/') || path.includes('\0') || path.includes('\\') ||
      path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`unsafe file path: ${JSON.stringify(path)}`);
  }
}
