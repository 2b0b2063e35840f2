// Row ranges: `limit`/`offset` per embed path, intersected at the top level with the `Range: a-b`
// header (GET only, like PostgREST). Invalid ranges → PGRST103; limit/offset on PUT → PGRST114.
import { restError } from '../errors.ts';
import type { RangeParam } from './query-params.ts';
import type { EmbedPath, RowRange } from './types.ts';

const NEGATIVE_LIMIT = 'Limit should be greater than or equal to zero.';
const NEGATIVE_OFFSET = 'Offset should be greater than or equal to zero.';
const LOWER_GT_UPPER = 'The lower boundary must be lower than or equal to the upper boundary in the Range header.';

const rangeError = (details: string) => restError('PGRST103', { details });

/** `Range: 0-24` or `Range: 10-`; anything else is ignored (null). Upper is inclusive. */
export function parseRangeHeader(value: string | undefined): { lower: number; upper?: number } | null {
  const m = /^(\d+)-(\d*)$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const lower = Number(m[1]);
  const upper = m[2] ? Number(m[2]) : undefined;
  if (!Number.isSafeInteger(lower) || (upper !== undefined && !Number.isSafeInteger(upper))) return null;
  return upper === undefined ? { lower } : { lower, upper };
}

function checked(p: RangeParam): RowRange {
  if (p.limit !== undefined && p.limit < 0) throw rangeError(NEGATIVE_LIMIT);
  if (p.offset !== undefined && p.offset < 0) throw rangeError(NEGATIVE_OFFSET);
  return p.limit === undefined ? { offset: p.offset ?? 0 } : { offset: p.offset ?? 0, limit: p.limit };
}

export function topLevelRange(params: readonly RangeParam[], method: string, rangeHeader: string | undefined): RowRange {
  const top = checked(params.find((p) => p.path.length === 0) ?? { path: [] });
  // limit=0 bypasses the Range header (PostgREST's "limit zero range").
  const header = method === 'GET' && top.limit !== 0 ? parseRangeHeader(rangeHeader) : null;
  let range = top;
  if (header) {
    if (header.upper !== undefined && header.upper < header.lower) throw rangeError(LOWER_GT_UPPER);
    const lower = Math.max(header.lower, top.offset);
    const uppers = [header.upper, top.limit === undefined ? undefined : top.offset + top.limit - 1]
      .filter((u): u is number => u !== undefined);
    const upper = uppers.length ? Math.min(...uppers) : undefined;
    if (upper !== undefined && upper < lower) throw rangeError(NEGATIVE_LIMIT);
    range = upper === undefined ? { offset: lower } : { offset: lower, limit: upper - lower + 1 };
  }
  if (method === 'PUT' && (range.offset !== 0 || range.limit !== undefined)) throw restError('PGRST114');
  return range;
}

export function embedRanges(params: readonly RangeParam[]): { path: EmbedPath; range: RowRange }[] {
  return params.filter((p) => p.path.length > 0).map((p) => ({ path: p.path, range: checked(p) }));
}
