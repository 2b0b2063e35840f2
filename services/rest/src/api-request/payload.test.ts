// Request bodies per Content-Type and action: JSON shapes, `columns`, CSV, forms, raw RPC bodies,
// RPC GET arguments, and the PGRST102 failures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePayload, type PayloadInput } from './payload.ts';
import { expectRestError } from './test-helpers.ts';
import type { MediaType } from './types.ts';

const table = { kind: 'relation', name: 't' } as const;
const rpc = { kind: 'rpc', name: 'f' } as const;
const json: MediaType = { kind: 'json' };
const base: PayloadInput = { body: undefined, contentType: json, action: 'insert', target: table, method: 'POST', columns: null, rpcArgs: [] };
const run = (over: Partial<PayloadInput>) => parsePayload({ ...base, ...over });

describe('JSON payloads', () => {
  test('object', () => assert.deepStrictEqual(run({ body: '{"a":1,"b":null}' }),
    { kind: 'json', value: { a: 1, b: null }, rows: [{ a: 1, b: null }], keys: ['a', 'b'] }));
  test('array with identical keys in any order', () => {
    const p = run({ body: '[{"a":1,"b":2},{"b":3,"a":4}]' });
    assert.deepStrictEqual(p, { kind: 'json', value: [{ a: 1, b: 2 }, { b: 3, a: 4 }], rows: [{ a: 1, b: 2 }, { b: 3, a: 4 }], keys: ['a', 'b'] });
  });
  test('bytes and pre-parsed values', () => {
    assert.deepStrictEqual(run({ body: new TextEncoder().encode('{"a":1}') })?.kind, 'json');
    assert.deepStrictEqual(run({ body: { a: 1 } }), { kind: 'json', value: { a: 1 }, rows: [{ a: 1 }], keys: ['a'] });
  });
  test('empty array and scalars become no rows', () => {
    assert.deepStrictEqual(run({ body: '[]' }), { kind: 'json', value: [], rows: [], keys: [] });
    assert.deepStrictEqual(run({ body: '42' }), { kind: 'json', value: [], rows: [], keys: [] });
  });
  test('__proto__ keys stay plain data', () => {
    const p = run({ body: '{"__proto__":{"x":1}}' });
    assert.deepStrictEqual(p?.kind === 'json' && p.keys, ['__proto__']);
  });
  const failures: [string, string][] = [
    ['[{"a":1},{"b":2}]', 'All object keys must match'],
    ['[{"a":1},{"a":1,"b":2}]', 'All object keys must match'],
    ['[1,2]', 'All object keys must match'],
    ['[{"a":1},3]', 'All object keys must match'],
    ['', 'Empty or invalid json'],
    ['{bad', 'Empty or invalid json'],
  ];
  for (const [body, message] of failures) {
    test(`rejects ${JSON.stringify(body)}`, () => {
      const e = expectRestError(() => run({ body }), 'PGRST102');
      assert.equal(e.message, message);
      assert.equal(e.status, 400);
    });
  }
  test('columns allow differing keys and define the column set', () => {
    const p = run({ body: '[{"a":1},{"b":2}]', columns: ['a', 'b'] });
    assert.deepStrictEqual(p, { kind: 'json', value: [{ a: 1 }, { b: 2 }], rows: [{ a: 1 }, { b: 2 }], keys: ['a', 'b'] });
  });
  test('DELETE and reads carry no payload', () => {
    assert.equal(run({ action: 'delete', method: 'DELETE', body: 'garbage' }), null);
    assert.equal(run({ action: 'read', method: 'GET' }), null);
  });
});

describe('other content types', () => {
  test('CSV with NULL and quoted fields', () => {
    const body = 'a,b\r\n1,"x, ""y"""\n2,NULL\n';
    assert.deepStrictEqual(run({ body, contentType: { kind: 'csv' } }), {
      kind: 'json', value: [{ a: '1', b: 'x, "y"' }, { a: '2', b: null }],
      rows: [{ a: '1', b: 'x, "y"' }, { a: '2', b: null }], keys: ['a', 'b'],
    });
  });
  test('CSV with ragged lines → PGRST102', () => {
    const e = expectRestError(() => run({ body: 'a,b\n1\n', contentType: { kind: 'csv' } }), 'PGRST102');
    assert.equal(e.message, 'All lines must have same number of fields');
  });
  test('form body: strings for tables, pairs for RPC', () => {
    assert.deepStrictEqual(run({ body: 'a=1&b=x+y', contentType: { kind: 'urlencoded' } }),
      { kind: 'json', value: { a: '1', b: 'x y' }, rows: [{ a: '1', b: 'x y' }], keys: ['a', 'b'] });
    assert.deepStrictEqual(run({ body: 'v=1&v=2', contentType: { kind: 'urlencoded' }, action: 'call', target: rpc }),
      { kind: 'params', pairs: [['v', '1'], ['v', '2']], keys: ['v'] });
  });
  test('raw bodies only for RPC', () => {
    assert.deepStrictEqual(run({ body: 'hello', contentType: { kind: 'text' }, action: 'call', target: rpc }),
      { kind: 'raw', mediaType: 'text', body: 'hello' });
    const bytes = new Uint8Array([1, 2, 3]);
    assert.deepStrictEqual(run({ body: bytes, contentType: { kind: 'octet-stream' }, action: 'call', target: rpc }),
      { kind: 'raw', mediaType: 'octet-stream', body: bytes });
    const e = expectRestError(() => run({ body: 'x', contentType: { kind: 'text' } }), 'PGRST102');
    assert.equal(e.message, 'Content-Type not acceptable: text/plain');
  });
  test('unknown content type → PGRST102', () => {
    const e = expectRestError(() => run({ body: 'x', contentType: { kind: 'other', mime: 'application/foo' } }), 'PGRST102');
    assert.equal(e.message, 'Content-Type not acceptable: application/foo');
  });
});

describe('RPC payloads', () => {
  test('POST with an empty body is a call without arguments', () => {
    assert.deepStrictEqual(run({ action: 'call', target: rpc, body: '' }), { kind: 'json', value: {}, rows: [{}], keys: [] });
  });
  test('GET arguments become params', () => {
    assert.deepStrictEqual(run({ action: 'call', target: rpc, method: 'GET', rpcArgs: [['a', '1'], ['a', '2'], ['b', 'x']] }),
      { kind: 'params', pairs: [['a', '1'], ['a', '2'], ['b', 'x']], keys: ['a', 'b'] });
  });
});
