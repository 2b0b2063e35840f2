// SQLSTATE → HTTP status (PostgREST mapSQLtoHTTP, first match wins) and driver errors → RestError,
// including custom `RAISE SQLSTATE 'PGRST'` errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromPgError, statusForSqlState } from './sql-state.ts';

const anon = { authenticated: false };
const authed = { authenticated: true };

describe('statusForSqlState', () => {
  const cases: [string, number, string?][] = [
    ['08006', 503], ['09000', 500], ['0L000', 403], ['0P000', 403],
    ['23503', 409], ['23505', 409], ['25006', 405],
    ['21000', 400, 'UPDATE requires a WHERE clause'], ['21000', 500, 'more than one row returned by a subquery used as an expression'],
    ['22023', 401, 'role "nobody" does not exist'], ['22023', 400, 'invalid value'],
    ['25P02', 500], ['28P01', 403], ['2D000', 500], ['38000', 500], ['39000', 500], ['3B000', 500], ['40001', 500], ['40P01', 500],
    ['53400', 500], ['53100', 503], ['54000', 500], ['55P03', 500], ['57P01', 503], ['57014', 500], ['58030', 500],
    ['F0000', 500], ['HV000', 500], ['P0001', 400], ['P0002', 500], ['XX000', 500],
    ['42883', 404, 'function foo() does not exist'], ['42883', 406, 'function xmlagg(integer) does not exist'],
    ['42P01', 404], ['42P17', 500], ['PT402', 402], ['PT4xx', 500], ['PT', 500],
    ['22P02', 400], ['23502', 400], ['23514', 400], ['42703', 400], ['42P10', 400], ['2201W', 400],
  ];
  for (const [code, status, message] of cases) {
    test(`${code}${message ? ` (${message})` : ''} → ${status}`, () => {
      assert.equal(statusForSqlState(code, { ...anon, message }), status);
    });
  }
  test('42501 is 401 for the anon role and 403 otherwise', () => {
    assert.equal(statusForSqlState('42501', anon), 401);
    assert.equal(statusForSqlState('42501', authed), 403);
  });
});

describe('fromPgError', () => {
  test('keeps SQLSTATE, message, detail and hint', () => {
    const e = fromPgError({ code: '23505', message: 'duplicate key value violates unique constraint "t_pkey"', detail: 'Key (id)=(1) already exists.', hint: null }, anon);
    assert.equal(e.code, '23505');
    assert.equal(e.status, 409);
    assert.equal(e.details, 'Key (id)=(1) already exists.');
    assert.equal(e.hint, null);
  });
  test('401 from the database carries WWW-Authenticate: Bearer', () => {
    const e = fromPgError({ code: '42501', message: 'new row violates row-level security policy for table "t"' }, anon);
    assert.equal(e.status, 401);
    assert.deepStrictEqual(e.headers, { 'WWW-Authenticate': 'Bearer' });
    assert.deepStrictEqual(fromPgError({ code: '42501', message: 'x' }, authed).headers, {});
  });
  test('custom PGRST raise sets code, status, body and headers', () => {
    const e = fromPgError({
      code: 'PGRST',
      message: '{"code":"123","message":"Payment Required","details":"Quota exceeded","hint":"Upgrade"}',
      detail: '{"status":402,"headers":{"X-Powered-By":"Nerd Rage"}}',
    }, anon);
    assert.deepStrictEqual([e.code, e.status, e.message, e.details, e.hint, e.headers],
      ['123', 402, 'Payment Required', 'Quota exceeded', 'Upgrade', { 'X-Powered-By': 'Nerd Rage' }]);
  });
  test('unparsable custom raise → PGRST121 500', () => {
    const badMsg = fromPgError({ code: 'PGRST', message: 'nope', detail: '{}' }, anon);
    assert.deepStrictEqual([badMsg.code, badMsg.status, badMsg.details], ['PGRST121', 500, "Invalid JSON value for MESSAGE: 'nope'"]);
    const noDetail = fromPgError({ code: 'PGRST', message: '{"code":"1","message":"m"}' }, anon);
    assert.equal(noDetail.details, 'DETAIL is missing in the RAISE statement');
    const badDetail = fromPgError({ code: 'PGRST', message: '{"code":"1","message":"m"}', detail: '{"status":"x"}' }, anon);
    assert.equal(badDetail.details, `Invalid JSON value for DETAIL: '{"status":"x"}'`);
    assert.match(String(badDetail.hint), /^DETAIL must be a JSON object/);
  });
});
