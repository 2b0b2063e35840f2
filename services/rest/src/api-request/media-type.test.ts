// Media types: decoding, Accept ordering by q-value, mime rendering, and negotiation per target.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentTypeHeader, decodeMediaType, parseAccept, toMime } from './media-type.ts';
import { negotiate } from './negotiate.ts';
import { expectRestError } from './test-helpers.ts';
import type { MediaType, Target } from './types.ts';

const rel: Target = { kind: 'relation', name: 't' };

describe('media type decoding', () => {
  const cases: [string, MediaType][] = [
    ['application/json', { kind: 'json' }],
    ['application/json; charset=utf-8', { kind: 'json' }],
    ['APPLICATION/JSON', { kind: 'json' }],
    ['*/*', { kind: 'any' }],
    ['text/csv', { kind: 'csv' }],
    ['application/geo+json', { kind: 'geojson' }],
    ['application/openapi+json', { kind: 'openapi' }],
    ['text/plain', { kind: 'text' }],
    ['text/xml', { kind: 'xml' }],
    ['application/octet-stream', { kind: 'octet-stream' }],
    ['application/x-www-form-urlencoded', { kind: 'urlencoded' }],
    ['application/vnd.pgrst.object+json', { kind: 'object', stripNulls: false }],
    ['application/vnd.pgrst.object', { kind: 'object', stripNulls: false }],
    ['application/vnd.pgrst.object+json;nulls=stripped', { kind: 'object', stripNulls: true }],
    ['application/vnd.pgrst.array+json;nulls=stripped', { kind: 'array-stripped' }],
    ['application/vnd.pgrst.array+json', { kind: 'json' }],
    ['application/vnd.pgrst.plan', { kind: 'plan', for: { kind: 'json' }, format: 'text', options: [] }],
    ['application/vnd.pgrst.plan+json; for="text/csv"; options=analyze|verbose;',
      { kind: 'plan', for: { kind: 'csv' }, format: 'json', options: ['analyze', 'verbose'] }],
    ['application/vnd.pgrst.plan+text; for="application/vnd.pgrst.object+json"; options=;',
      { kind: 'plan', for: { kind: 'object', stripNulls: false }, format: 'text', options: [] }],
    ['application/vnd.pgrst.plan+text; options=wal|buffers|settings|bogus',
      { kind: 'plan', for: { kind: 'json' }, format: 'text', options: ['settings', 'buffers', 'wal'] }],
    ['application/vnd.twkb', { kind: 'other', mime: 'application/vnd.twkb' }],
    ['garbage', { kind: 'other', mime: 'garbage' }],
  ];
  for (const [text, mt] of cases) test(`decodes ${text}`, () => assert.deepStrictEqual(decodeMediaType(text), mt));

  test('mime and content type rendering', () => {
    assert.equal(toMime({ kind: 'object', stripNulls: true }), 'application/vnd.pgrst.object+json;nulls=stripped');
    assert.equal(toMime(decodeMediaType('application/vnd.pgrst.plan+json; for="text/csv"; options=analyze')),
      'application/vnd.pgrst.plan+json; for="text/csv"; options=analyze');
    assert.equal(contentTypeHeader({ kind: 'json' }), 'application/json; charset=utf-8');
    assert.equal(contentTypeHeader({ kind: 'octet-stream' }), 'application/octet-stream');
  });
});

describe('Accept', () => {
  test('missing Accept is */*', () => assert.deepStrictEqual(parseAccept(undefined), [{ kind: 'any' }]));
  test('ordered by q, then specificity, stable', () => {
    assert.deepStrictEqual(parseAccept('text/csv;q=0.5, application/json, */*;q=0.1').map(toMime),
      ['application/json', 'text/csv', '*/*']);
    assert.deepStrictEqual(parseAccept('*/*, application/vnd.pgrst.object+json;nulls=stripped').map(toMime),
      ['application/vnd.pgrst.object+json;nulls=stripped', '*/*']);
  });
});

describe('negotiation', () => {
  const pick = (accept: string, target: Target = rel, planEnabled = false) => negotiate(parseAccept(accept), target, { planEnabled });
  test('relations', () => {
    assert.deepStrictEqual(pick('*/*'), { kind: 'json' });
    assert.deepStrictEqual(pick('text/csv'), { kind: 'csv' });
    assert.deepStrictEqual(pick('application/geo+json'), { kind: 'geojson' });
    assert.deepStrictEqual(pick('application/vnd.pgrst.object+json'), { kind: 'object', stripNulls: false });
    assert.deepStrictEqual(pick('image/png, application/json'), { kind: 'json' });
  });
  test('unavailable types → PGRST107 406 listing them', () => {
    const e = expectRestError(() => pick('text/html, image/png'), 'PGRST107');
    assert.equal(e.status, 406);
    assert.equal(e.message, 'None of these media types are available: text/html, image/png');
    expectRestError(() => pick('application/openapi+json'), 'PGRST107');
    expectRestError(() => pick('text/plain', { kind: 'rpc', name: 'f' }), 'PGRST107');
  });
  test('plans only when enabled', () => {
    expectRestError(() => pick('application/vnd.pgrst.plan+json'), 'PGRST107');
    assert.deepStrictEqual(pick('application/vnd.pgrst.plan+json; for="*/*"', rel, true),
      { kind: 'plan', for: { kind: 'json' }, format: 'json', options: [] });
  });
  test('root serves OpenAPI for openapi, json or */*', () => {
    for (const a of ['application/openapi+json', 'application/json', '*/*']) {
      assert.deepStrictEqual(pick(a, { kind: 'root' }), { kind: 'openapi' });
    }
    expectRestError(() => pick('text/csv', { kind: 'root' }), 'PGRST107');
  });
});
