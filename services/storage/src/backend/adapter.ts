// The object backend port: where bytes live. Keys are relative to the project's folder or prefix and
// already validated by the domain; every adapter still refuses a key that would escape its root.
// Writes are all-or-nothing: a failed or aborted put leaves nothing behind.
import type { Readable } from 'node:stream';

export interface ObjectStat {
  size: number;
  /** Quoted, as in HTTP: `"<md5>"` (or an S3 multipart ETag `"<md5>-<n>"`). */
  etag: string;
  lastModified: Date;
}

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
  /** Aborts the write; the partial object is discarded. */
  signal?: AbortSignal;
}

/** Inclusive byte range, already resolved against the object's size. */
export interface ByteRange { start: number; end: number }

export interface GetResult {
  body: Readable;
  /** Size of the whole object. */
  size: number;
  lastModified: Date;
  /** Only when the store keeps one cheaply (S3); the domain serves the ETag it recorded at upload. */
  etag?: string;
  /** Set when a range was served. */
  range?: ByteRange;
}

export interface ListEntry { key: string; size: number; lastModified: Date }

export interface ObjectBackend {
  readonly kind: 'file' | 's3';
  /** Streams `body` into `key`; the object appears whole (temp file + rename, or a completed S3 upload) or not at all. */
  put(key: string, body: Readable, opts?: PutOptions): Promise<ObjectStat>;
  /** Streams the object (or a byte range of it); throws BackendNotFound when absent. */
  get(key: string, opts?: { range?: ByteRange; signal?: AbortSignal }): Promise<GetResult>;
  /** Stat without the body; null when absent. */
  head(key: string): Promise<ObjectStat | null>;
  /** Deletes keys; absent keys are ignored. */
  delete(keys: readonly string[]): Promise<void>;
  /** Server-side copy; throws BackendNotFound when the source is absent. */
  copy(from: string, to: string): Promise<ObjectStat>;
  /** Every object whose key starts with `prefix` (for cleanup jobs and tests); order unspecified. */
  list(prefix: string): AsyncIterable<ListEntry>;
  close?(): Promise<void>;
}

export class BackendNotFound extends Error {
  constructor(readonly key: string) { super(`object not found in backend: ${key}`); this.name = 'BackendNotFound'; }
}

/** Thrown by an adapter for a key that would leave its root; the domain validates first, so this is a guard. */
export class BackendKeyRefused extends Error {
  constructor(readonly key: string) { super('object key refused by backend'); this.name = 'BackendKeyRefused'; }
}

/** The adapter-level key check shared by every backend: relative, no dot segments, no NUL or backslash. */
export function assertSafeBackendKey(key: string): void {
  if (!key || key.startsWith('/') || key.includes('\0') || key.includes('\\') ||
      key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new BackendKeyRefused(key);
  }
}

/** Where one version of an object lives: `<bucket>/<key>/<version>` (as Supabase lays files out). */
export function objectPath(bucketId: string, name: string, version: string): string {
  return `${bucketId}/${name}/${version}`;
}
