// response.headers / response.status set from SQL: valid values apply, invalid ones are PGRST111 / PGRST112.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRestError } from '../errors.ts';
import { gucHeaders, gucStatus } from './guc.ts';

test('response.headers', () => {
  assert.deepEqual(gucHeaders(null), []);
  assert.deepEqual(gucHeaders('[{"Cache-Control":"public"},{"X-A":"b"}]'), [['Cache-Control', 'public'], ['X-A', 'b']]);
  for (const bad of ['{', '{"a":"b"}', '[{"a":1}]', '[{"a":"b","c":"d"}]', '[1]']) {
    assert.throws(() => gucHeaders(bad), (e) => isRestError(e) && e.code === 'PGRST111', bad);
  }
});

test('response.status', () => {
  assert.equal(gucStatus(null), null);
  assert.equal(gucStatus('418'), 418);
  for (const bad of ['abc', '99', '600', '-1', '4.5']) assert.throws(() => gucStatus(bad), (e) => isRestError(e) && e.code === 'PGRST112', bad);
});
