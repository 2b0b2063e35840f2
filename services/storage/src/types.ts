// Shared domain types of the storage service: buckets, object rows, callers.

/** Who runs a database operation. `null` where a type allows it means the service itself (superuser). */
export interface Caller {
  role: string;
  claims: Readonly<Record<string, unknown>>;
  /** The JWT `sub`, when present: recorded as the owner of what the caller creates. */
  sub?: string;
}

export interface Bucket {
  id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  public: boolean;
  type: string;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  avif_autodetection: boolean;
  versioning_status: string;
  created_at: string;
  updated_at: string;
}

/** What the storage API records in `storage.objects.metadata`. */
export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
  contentEncoding?: string;
}

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: ObjectMetadata | null;
  user_metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `owner` (uuid column) and `owner_id` (text) for a creator's `sub`. */
export function ownerColumns(sub: string | undefined): { owner: string | null; owner_id: string | null } {
  if (!sub) return { owner: null, owner_id: null };
  return { owner: UUID_RE.test(sub) ? sub : null, owner_id: sub };
}
