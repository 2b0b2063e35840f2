// Pure validation rules: bucket names, object keys (S3-safe, and never a path that could leave the
// project's folder or prefix), size strings, MIME allow-lists, bulk limits.
import { raise } from './errors.ts';

export const MAX_BUCKET_NAME = 100;
/** S3's key limit, in bytes. */
export const MAX_KEY_BYTES = 1024;
/** A single path segment must fit a file name on every filesystem we store on. */
export const MAX_SEGMENT_BYTES = 255;
export const MAX_DELETE_OBJECTS = 1000;
export const MAX_METADATA_BYTES = 1024 * 1024;
export const FOLDER_PLACEHOLDER = '.emptyFolderPlaceholder';

const BUCKET_RE = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]+$/;
const KEY_RE = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]+$/;

export function isValidBucketName(name: unknown): name is string {
  return typeof name === 'string' && name.length >= 1 && name.length <= MAX_BUCKET_NAME &&
    BUCKET_RE.test(name) && name !== '.' && name !== '..';
}

export function mustBeValidBucketName(name: unknown): string {
  if (!isValidBucketName(name)) throw raise('InvalidBucketName');
  return name;
}

/**
 * Why a key is refused, or null. Beyond Supabase's S3-safe character set: no empty, `.` or `..` segment,
 * no leading slash, no segment or key longer than the filesystem and S3 allow. Backslashes and NUL bytes
 * are outside the character set.
 */
export function keyProblem(key: unknown): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'empty key';
  if (!KEY_RE.test(key)) return 'invalid characters';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return 'key too long';
  for (const seg of key.split('/')) {
    if (seg === '' ) return 'empty path segment';
    if (seg === '.' || seg === '..') return 'relative path segment';
    if (Buffer.byteLength(seg) > MAX_SEGMENT_BYTES) return 'path segment too long';
  }
  return null;
}

export function isValidKey(key: unknown): key is string {
  return keyProblem(key) === null;
}

export function mustBeValidKey(key: unknown): string {
  if (!isValidKey(key)) throw raise('InvalidKey', `Invalid key: ${typeof key === 'string' ? key.replace(/\0/g, '\\0') : String(key)}`);
  return key;
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** `file_size_limit` as bytes: an integer, or a string like "20MB", "1GB", "30KB", "3B"; null/undefined = none. */
export function parseFileSizeLimit(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw raise('InvalidRequest', 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B');
    return v;
  }
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$/i.exec(v);
    if (m) return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'B').toUpperCase()]);
  }
  throw raise('InvalidRequest', 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B');
}

/** The `type/subtype` of a Content-Type value, lower-cased, without parameters. */
export function baseMime(mime: string): string {
  return mime.split(';')[0].trim().toLowerCase();
}

/** Throws InvalidMimeType unless `mime` matches an allowed type (`type/subtype` or `type/*`); empty list = any. */
export function mustBeAllowedMime(mime: string, allowed: readonly string[] | null | undefined): void {
  const [type, sub, ...rest] = baseMime(mime).split('/');
  const fail = () => raise('InvalidMimeType', `mime type ${mime} is not supported`);
  if (!type || !sub || rest.length) throw fail();
  if (!allowed || allowed.length === 0) return;
  for (const a of allowed) {
    const [at, as] = baseMime(a).split('/');
    if (at === type && (as === '*' || as === sub)) return;
  }
  throw fail();
}

export function isFolderPlaceholder(key: string): boolean {
  return key.endsWith(FOLDER_PLACEHOLDER);
}

/** The tightest of the global, bucket and placeholder limits. */
export function effectiveSizeLimit(globalLimit: number, bucketLimit: number | string | null | undefined, key: string): number {
  if (isFolderPlaceholder(key)) return 0;
  const b = bucketLimit === null || bucketLimit === undefined ? null : Number(bucketLimit);
  return b === null ? globalLimit : Math.min(globalLimit, b);
}
