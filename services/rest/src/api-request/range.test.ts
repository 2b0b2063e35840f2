// Row ranges: limit/offset, the Range header (GET only), their intersection, limit=0, PGRST103/114.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { embedRanges, parseRangeHeader, topLevelRange } from './range.ts';
import { expectRestError } from './test-helpers.ts';
import type { RangeParam } from './query-params.ts';

const top = (limit?: number, offset?: number): RangeParam[] =>
  [{ path: [], ...(limit !== undefined && { limit }), ...(offset !== undefined && { offset }) }];

describe('ranges', () => {
  const ok: [string, RangeParam[], string, string | undefined, { offset: number; limit?: number }][] = [
    ['no range', [], 'GET', undefined, { offset: 0 }],
    ['limit', top(10), 'GET', undefined, { offset: 0, limit: 10 }],
    ['offset + limit', top(10, 5), 'GET', undefined, { offset: 5, limit: 10 }],
    ['offset only', top(undefined, 5), 'GET', undefined, { offset: 5 }],
    ['limit=0', top(0), 'GET', '0-9', { offset: 0, limit: 0 }],
    ['Range header', [], 'GET', '0-24', { offset: 0, limit: 25 }],
    ['open Range header', [], 'GET', '10-', { offset: 10 }],
    ['Range ∩ limit', top(5), 'GET', '2-20', { offset: 2, limit: 3 }],
    ['Range ∩ offset', top(undefined, 5), 'GET', '0-9', { offset: 5, limit: 5 }],
    ['Range ignored on HEAD', [], 'HEAD', '0-1', { offset: 0 }],
    ['Range ignored on POST', [], 'POST', '0-1', { offset: 0 }],
    ['malformed Range ignored', [], 'GET', 'items=0-1', { offset: 0 }],
    ['PUT with offset=0', top(undefined, 0), 'PUT', undefined, { offset: 0 }],
  ];
  for (const [name, params, method, header, expected] of ok) {
    test(name, () => assert.deepStrictEqual(topLevelRange(params, method, header), expected));
  }

  test('Range lower > upper → PGRST103 416', () => {
    const e = expectRestError(() => topLevelRange([], 'GET', '5-2'), 'PGRST103');
    assert.equal(e.status, 416);
    assert.equal(e.message, 'Requested range not satisfiable');
    assert.equal(e.details, 'The lower boundary must be lower than or equal to the upper boundary in the Range header.');
  });
  test('negative limit → PGRST103', () => {
    const e = expectRestError(() => topLevelRange(top(-1), 'GET', undefined), 'PGRST103');
    assert.equal(e.details, 'Limit should be greater than or equal to zero.');
  });
  test('empty intersection → PGRST103', () => {
    expectRestError(() => topLevelRange(top(10, 50), 'GET', '0-9'), 'PGRST103');
  });
  test('PUT with limit/offset → PGRST114', () => {
    const e = expectRestError(() => topLevelRange(top(1), 'PUT', undefined), 'PGRST114');
    assert.equal(e.message, 'limit/offset querystring parameters are not allowed for PUT');
    expectRestError(() => topLevelRange(top(undefined, 3), 'PUT', undefined), 'PGRST114');
  });
  test('embedded ranges', () => {
    assert.deepStrictEqual(embedRanges([{ path: [] }, { path: ['films'], limit: 2 }, { path: ['a', 'b'], offset: 4 }]), [
      { path: ['films'], range: { offset: 0, limit: 2 } }, { path: ['a', 'b'], range: { offset: 4 } },
    ]);
    expectRestError(() => embedRanges([{ path: ['films'], limit: -2 }]), 'PGRST103');
  });
  test('Range header parsing', () => {
    assert.deepStrictEqual(parseRangeHeader('0-24'), { lower: 0, upper: 24 });
    assert.deepStrictEqual(parseRangeHeader('7-'), { lower: 7 });
    assert.equal(parseRangeHeader('-5'), null);
    assert.equal(parseRangeHeader(undefined), null);
  });
});
