// Bucket names and object paths the storage tools accept from the model, normalised before they reach a URL:
// slashes trimmed and collapsed, `.` segments dropped, `..`, backslashes and control characters refused.
import { ToolError } from './types.ts';

const BUCKET = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$/;
// Control characters (C0, DEL, C1): never part of a key a tool should write or read.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
export const MAX_PATH_CHARS = 1024;

export function checkBucket(v: unknown): string {
  if (typeof v !== 'string' || !v) throw new ToolError('bucket is required');
  if (!BUCKET.test(v) || v.includes('..')) throw new ToolError(`Invalid bucket name: ${JSON.stringify(v)}`);
  return v;
}

/**
 * `a//b/./c/` → `a/b/c`. `allowEmpty` is for list prefixes (the bucket root); a download or upload needs a name.
 * Throws a ToolError for `..` segments, backslashes, control characters or over-long paths.
 */
export function normalisePath(v: unknown, o: { allowEmpty: boolean }): string {
  if (v === undefined || v === null) v = '';
  if (typeof v !== 'string') throw new ToolError('path must be a string');
  if (CONTROL.test(v) || v.includes('\\')) throw new ToolError(`Invalid path: ${JSON.stringify(v)}`);
  const segments = v.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new ToolError(`Invalid path (no ".." segments): ${JSON.stringify(v)}`);
  const path = segments.join('/');
  if (!path && !o.allowEmpty) throw new ToolError('path is required');
  if (path.length > MAX_PATH_CHARS) throw new ToolError(`path is longer than ${MAX_PATH_CHARS} characters`);
  return path;
}

/** `bucket/path` for a URL, each segment percent-encoded (so `?`, `#` and `%` stay part of the name). */
export function encodeObject(bucket: string, path: string): string {
  return [bucket, ...path.split('/')].map(encodeURIComponent).join('/');
}
