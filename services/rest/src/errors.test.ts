// The error registry and renderer: every documented code with its status, templates, JWT headers,
// the wire body shape and the generic 500 for unknown errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PowabaseError } from '@powabase/core';
import { REST_ERRORS, RETIRED_CODES, RestError, restError } from './errors.ts';
import { renderError } from './render-error.ts';

const STATUS: Record<string, number> = {
  PGRST000: 503, PGRST001: 503, PGRST002: 503, PGRST003: 504,
  PGRST100: 400, PGRST101: 405, PGRST102: 400, PGRST103: 416, PGRST105: 405, PGRST106: 406, PGRST107: 406,
  PGRST108: 400, PGRST111: 500, PGRST112: 500, PGRST114: 400, PGRST115: 400, PGRST116: 406, PGRST117: 405,
  PGRST118: 400, PGRST120: 400, PGRST121: 500, PGRST122: 400, PGRST123: 400, PGRST124: 400, PGRST125: 404,
  PGRST126: 404, PGRST127: 400, PGRST128: 400,
  PGRST200: 400, PGRST201: 300, PGRST202: 404, PGRST203: 300, PGRST204: 400, PGRST205: 404,
  PGRST300: 500, PGRST301: 401, PGRST302: 401, PGRST303: 401, PGRSTX00: 500,
};

describe('registry', () => {
  test('holds exactly the documented codes with their statuses', () => {
    assert.deepStrictEqual(Object.fromEntries(Object.entries(REST_ERRORS).map(([k, v]) => [k, v.status])), STATUS);
  });
  test('retired codes are never reused', () => {
    for (const c of RETIRED_CODES) assert.ok(!(c in REST_ERRORS), c);
  });
  test('stages follow the code groups', () => {
    for (const [code, e] of Object.entries(REST_ERRORS)) {
      const group = { '0': 'connection', '1': 'api-request', '2': 'schema-cache', '3': 'jwt', X: 'internal' }[code[5]!];
      assert.equal(e.stage, group, code);
    }
  });
  test('templates are filled from params', () => {
    const e = restError('PGRST116', { rows: 2 });
    assert.equal(e.message, 'Cannot coerce the result to a single JSON object');
    assert.equal(e.details, 'The result contains 2 rows');
    assert.equal(e.hint, null);
    const t = restError('PGRST205', { schema: 'public', table: 'todo' }, { hint: "Perhaps you meant the table 'public.todos'" });
    assert.equal(t.message, "Could not find the table 'public.todo' in the schema cache");
    assert.equal(t.hint, "Perhaps you meant the table 'public.todos'");
    assert.equal(restError('PGRST118', { origin: 'a', target: 'b' }).details, "'a' and 'b' do not form a many-to-one or one-to-one relationship");
  });
  test('PGRST201 details can be an array of objects', () => {
    const details = [{ cardinality: 'many-to-one', embedding: 'orders with addresses', relationship: 'billing using orders(b) and addresses(id)' }];
    assert.deepStrictEqual(restError('PGRST201', { origin: 'orders', target: 'addresses' }, { details }).details, details);
  });
  test('RestError is a PowabaseError with the registry status', () => {
    const e = restError('PGRST125');
    assert.ok(e instanceof PowabaseError);
    assert.equal(e.status, 404);
  });
});

describe('renderError', () => {
  test('PostgREST body and headers', () => {
    assert.deepStrictEqual(renderError(restError('PGRST106', { schema: 'x', schemas: 'public' })), {
      status: 406,
      body: { code: 'PGRST106', details: null, hint: 'Only the following schemas are exposed: public', message: 'Invalid schema: x' },
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Proxy-Status': 'PostgREST; error=PGRST106' },
    });
  });
  test('JWT errors carry WWW-Authenticate', () => {
    assert.equal(renderError(restError('PGRST303', { message: 'JWT expired' })).headers['WWW-Authenticate'],
      'Bearer error="invalid_token", error_description="JWT expired"');
    assert.equal(renderError(restError('PGRST302')).headers['WWW-Authenticate'], 'Bearer');
    assert.equal(renderError(restError('PGRST301', { message: 'Expected 3 parts in JWT; got 2' })).body.message, 'Expected 3 parts in JWT; got 2');
  });
  test('unknown errors become a generic 500 without internals', () => {
    const r = renderError(new Error('select * from secret'));
    assert.deepStrictEqual(r.body, { code: 'PGRSTX00', details: null, hint: null, message: 'Internal server error' });
    assert.equal(r.status, 500);
    assert.equal(renderError('boom').status, 500);
  });
  test('other PowabaseErrors keep code and status', () => {
    const r = renderError(new PowabaseError('X1', 'nope', { status: 418, details: { secret: 1 } }));
    assert.deepStrictEqual(r.body, { code: 'X1', details: null, hint: null, message: 'nope' });
    assert.equal(r.status, 418);
  });
  test('custom RestErrors keep their headers', () => {
    const r = renderError(new RestError('123', 402, 'Payment Required', { headers: { 'X-Powered-By': 'Nerd Rage' } }));
    assert.equal(r.headers['X-Powered-By'], 'Nerd Rage');
    assert.equal(r.headers['Proxy-Status'], 'PostgREST; error=123');
  });
});
