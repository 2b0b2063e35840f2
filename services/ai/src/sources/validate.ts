// Validation of source request fields.
import type { AiContext } from '../context.ts';
import { raise, type AiErrorCode } from '../errors.ts';

export const EXTRACTION_MODELS = ['auto', 'mistral', 'paddleocr', 'lighton', 'llamaparse', 'opendataloader', 'fitz', 'pdfplumber'];

export async function parseExtractionModel(ctx: AiContext, v: unknown): Promise<string> {
  if (v === undefined || v === null || v === '') return (await ctx.settings.snapshot()).str('EXTRACTION_DEFAULT_METHOD');
  if (typeof v !== 'string' || !EXTRACTION_MODELS.includes(v)) throw raise('invalid_request', `extraction_model must be one of ${EXTRACTION_MODELS.join(', ')}`);
  return v;
}

/** `metadata` arrives as a JSON string (multipart) or an object (JSON bodies); it must be an object. */
export function parseMetadata(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null || v === '') return {};
  let parsed = v;
  if (typeof v === 'string') {
    try { parsed = JSON.parse(v); } catch { throw raise('invalid_request', 'metadata must be a JSON object'); }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw raise('invalid_request', 'metadata must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function parseUuid(id: string, what: AiErrorCode): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw raise(what);
  return id.toLowerCase();
}

export function parsePaging(q: Record<string, unknown>, o: { defaultLimit: number; maxLimit: number }): { limit: number; offset: number } {
  const num = (v: unknown, name: string, def: number) => {
    if (v === undefined || v === '') return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw raise('invalid_request', `${name} must be a non-negative integer`);
    return n;
  };
  const limit = Math.min(Math.max(num(q.limit, 'limit', o.defaultLimit), 1), o.maxLimit);
  return { limit, offset: num(q.offset, 'offset', 0) };
}
