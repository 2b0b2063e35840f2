// Shared helpers of the api-request tests: short constructors for expected values and an assertion
// that a call fails with a given registry code.
import assert from 'node:assert/strict';
import { RestError } from '../errors.ts';
import type { Field, JsonStep, SelectItem } from './types.ts';

export const fld = (name: string, jsonPath: JsonStep[] = []): Field => ({ name, jsonPath });
export const col = (name: string, extra: Partial<Extract<SelectItem, { type: 'field' }>> = {}): SelectItem =>
  ({ type: 'field', field: fld(name), ...extra });

/** Runs `fn`, expects a RestError with `code`; returns it for further checks. */
export function expectRestError(fn: () => unknown, code: string): RestError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RestError, `expected RestError, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message} ${String(e.details)}`);
    return e;
  }
  assert.fail(`expected ${code}, but nothing was thrown`);
}
