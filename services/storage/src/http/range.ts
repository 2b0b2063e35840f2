// Parses a `Range: bytes=` header against an object's size: one range (the first of a list), suffix and
// open-ended forms. Pure.
import type { ByteRange } from '../backend/adapter.ts';

export type RangeResult = { kind: 'none' } | { kind: 'range'; range: ByteRange } | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'none' }; // unknown units are ignored, as RFC 9110 allows
  const first = m[1].split(',')[0].trim();
  const r = /^(\d*)\s*-\s*(\d*)$/.exec(first);
  if (!r || (r[1] === '' && r[2] === '')) return { kind: 'unsatisfiable' };
  let start: number;
  let end: number;
  if (r[1] === '') {
    const suffix = Number(r[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(r[1]);
    end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (start >= size || end < start) return { kind: 'unsatisfiable' };
  }
  return { kind: 'range', range: { start, end } };
}
