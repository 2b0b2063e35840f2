import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidComputeFields, mergeCompute } from './compute.ts';

test('kubernetes quantities are accepted', () => {
  for (const c of [{ cpu: '400m', memory: '1Gi', disk: '10Gi' }, { cpu: '2', memory: '512Mi', disk: '100G' }, { cpu: '0.5', memory: '1073741824', disk: '1Ti' }]) {
    assert.deepEqual(invalidComputeFields(c), [], JSON.stringify(c));
  }
});

test('bad quantities are named', () => {
  assert.deepEqual(invalidComputeFields({ cpu: 'lots', memory: '1GB', disk: '-1Gi' }), ['cpu', 'memory', 'disk']);
  assert.deepEqual(invalidComputeFields({ cpu: '0', memory: '0Mi' }), ['cpu', 'memory']);
});

test('merge keeps what the patch leaves out', () => {
  assert.deepEqual(mergeCompute({ cpu: '400m', memory: '1Gi', disk: '10Gi' }, { memory: '2Gi' }), { cpu: '400m', memory: '2Gi', disk: '10Gi' });
});
