// Image transformation options: read from a query string or a signed URL's `transform` body, and the
// canonical string a signed token carries (`width:100,height:50,resize:cover`). Pure.
import { raise } from '../errors.ts';

export interface TransformOptions {
  width?: number;
  height?: number;
  resize?: 'cover' | 'contain' | 'fill';
  quality?: number;
  format?: 'origin' | 'avif' | 'webp';
}

const RESIZE = new Set(['cover', 'contain', 'fill']);
const FORMAT = new Set(['origin', 'avif', 'webp']);

function int(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw raise('InvalidParameter', `Invalid Parameter ${name}`);
  return n;
}

export function parseTransform(q: Record<string, unknown>, maxDimension = 10_000): TransformOptions {
  const out: TransformOptions = {};
  const width = int(q.width, 'width', 0, maxDimension);
  const height = int(q.height, 'height', 0, maxDimension);
  const quality = int(q.quality, 'quality', 20, 100);
  if (width) out.width = width;
  if (height) out.height = height;
  if (quality !== undefined) out.quality = quality;
  if (q.resize !== undefined && q.resize !== '') {
    if (!RESIZE.has(String(q.resize))) throw raise('InvalidParameter', 'Invalid Parameter resize');
    out.resize = String(q.resize) as TransformOptions['resize'];
  }
  if (q.format !== undefined && q.format !== '') {
    if (!FORMAT.has(String(q.format))) throw raise('InvalidParameter', 'Invalid Parameter format');
    out.format = String(q.format) as TransformOptions['format'];
  }
  return out;
}

export function transformToString(t: TransformOptions): string {
  return (['width', 'height', 'resize', 'quality', 'format'] as const)
    .filter((k) => t[k] !== undefined)
    .map((k) => `${k}:${t[k]}`)
    .join(',');
}

export function transformFromString(s: string | undefined): TransformOptions {
  if (!s) return {};
  const q: Record<string, string> = {};
  for (const part of s.split(',')) {
    const i = part.indexOf(':');
    if (i > 0) q[part.slice(0, i)] = part.slice(i + 1);
  }
  return parseTransform(q);
}

/** The token string for a signed URL's `transform` option (empty when it asks for nothing). */
export function transformationsOf(transform: Record<string, unknown>): string {
  return transformToString(parseTransform(transform));
}
