// The storage error registry: every code with its logical status (the body's `statusCode`), its legacy
// `error` name and message. The HTTP status follows Supabase's quirk (400 unless 500) unless `http` says otherwise.
import { errorRegistry, PowabaseError } from '@powabase/core';

interface StorageErrorEntry { status: number; message: string; error?: string; http?: number }

const table = {
  // buckets and objects
  NoSuchBucket: { status: 404, error: 'Bucket not found', message: 'Bucket not found' },
  NoSuchKey: { status: 404, error: 'not_found', message: 'Object not found' },
  NoSuchUpload: { status: 404, message: 'Upload not found' },
  ResourceAlreadyExists: { status: 409, error: 'Duplicate', message: 'The resource already exists' },
  ResourceNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty' },
  ResourceReferenced: { status: 409, message: 'The resource is referenced by another resource' },
  ResourceLocked: { status: 423, message: 'The resource is locked' },
  // validation
  InvalidBucketName: { status: 400, error: 'Invalid Input', message: 'Bucket name invalid' },
  InvalidKey: { status: 400, message: 'Invalid key' },
  InvalidMimeType: { status: 415, error: 'invalid_mime_type', message: 'mime type is not supported' },
  EntityTooLarge: { status: 413, error: 'Payload too large', message: 'The object exceeded the maximum allowed size' },
  InvalidRequest: { status: 400, message: 'Invalid request' },
  InvalidParameter: { status: 400, message: 'Invalid Parameter' },
  MissingParameter: { status: 400, message: 'Missing Required Parameter' },
  InvalidRange: { status: 400, http: 416, error: 'invalid_range', message: 'invalid range provided' },
  BadDigest: { status: 400, message: 'The provided payload hash did not match the body' },
  NotImplemented: { status: 501, http: 501, message: 'Not implemented' },
  ImageTransformationNotEnabled: { status: 400, message: 'Image transformation is not enabled' },
  // authorization
  AccessDenied: { status: 403, error: 'Unauthorized', message: 'new row violates row-level security policy' },
  InvalidRole: { status: 403, http: 403, error: 'Unauthorized', message: 'Access denied: Invalid role' },
  InvalidJWT: { status: 400, message: 'Invalid JWT' },
  InvalidSignature: { status: 400, message: 'Invalid signature' },
  ExpiredToken: { status: 400, message: 'The provided token has expired.' },
  // database and everything else
  DatabaseTimeout: { status: 544, http: 544, message: 'The connection to the database timed out' },
  DatabaseReadOnly: { status: 503, message: 'The database is in read-only mode' },
  InternalError: { status: 500, http: 500, error: 'Internal', message: 'Internal Server Error' },
} satisfies Record<string, StorageErrorEntry>;

export type StorageErrorCode = keyof typeof table;

export const storageErrors = errorRegistry(table as Record<StorageErrorCode, StorageErrorEntry>);

export function entryOf(code: string): StorageErrorEntry | undefined {
  return (table as Record<string, StorageErrorEntry>)[code];
}

/** Shorthand used across the domain: `throw raise('NoSuchKey')`. */
export function raise(code: StorageErrorCode, message?: string, details?: unknown): PowabaseError {
  return storageErrors.raise(code, message, details);
}

/** Maps a Postgres error (by SQLSTATE) to a storage error; null when it is not one we translate. */
export function fromPgError(e: unknown): PowabaseError | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  switch (code) {
    case '42501': return raise('AccessDenied');
    case '23505': return raise('ResourceAlreadyExists');
    case '23503': return raise('ResourceReferenced');
    case '55P03': return raise('ResourceLocked');
    case '57014': return raise('DatabaseTimeout');
    case '25006': return raise('DatabaseReadOnly');
    case '22P02': return raise('InvalidParameter', 'Invalid Parameter');
    default: return null;
  }
}
