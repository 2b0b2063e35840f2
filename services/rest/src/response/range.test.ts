// Content-Range and status of reads, as PostgREST's RangeQuery computes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentRange, rangeStatus } from './range.ts';

test('Content-Range', () => {
  const cases: [number, number, number | null, string][] = [
    [0, 14, null, '0-14/*'], [0, 24, 3573458, '0-24/3573458'], [0, -1, 0, '*/0'], [0, -1, null, '*/*'], [10, 9, 5, '*/5'], [1, 0, 7, '*/7'],
  ];
  for (const [lo, hi, total, want] of cases) assert.equal(contentRange(lo, hi, total), want);
});

test('200 / 206 / 416', () => {
  assert.equal(rangeStatus(0, 5, null), 200);
  assert.equal(rangeStatus(0, 5, 5), 200);
  assert.equal(rangeStatus(0, 2, 5), 206);
  assert.equal(rangeStatus(10, 0, 5), 416);
  assert.equal(rangeStatus(5, 0, 5), 206);
});
