import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, PROJECT_STATUSES, sourcesOf, TRANSITIONS } from './lifecycle.ts';

test('the transition table names only known statuses and REMOVED is terminal', () => {
  for (const [from, tos] of Object.entries(TRANSITIONS)) {
    assert.ok(PROJECT_STATUSES.includes(from as never));
    for (const to of tos) assert.ok(PROJECT_STATUSES.includes(to), `${from} -> ${to}`);
  }
  assert.deepEqual(TRANSITIONS.REMOVED, []);
});

test('allowed and refused transitions', () => {
  const yes: Array<[string, string]> = [
    ['COMING_UP', 'ACTIVE_HEALTHY'], ['COMING_UP', 'FAILED'], ['ACTIVE_HEALTHY', 'PAUSING'], ['PAUSING', 'PAUSED'],
    ['PAUSED', 'RESTORING'], ['RESTORING', 'ACTIVE_HEALTHY'], ['FAILED', 'RESTORING'], ['PAUSED', 'REMOVED'],
    ['ACTIVE_HEALTHY', 'UNHEALTHY'], ['UNHEALTHY', 'ACTIVE_HEALTHY'],
  ];
  const no: Array<[string, string]> = [
    ['PAUSED', 'PAUSING'], ['REMOVED', 'RESTORING'], ['COMING_UP', 'REMOVED'], ['ACTIVE_HEALTHY', 'RESTORING'],
    ['PAUSING', 'REMOVED'], ['ACTIVE_HEALTHY', 'ACTIVE_HEALTHY'],
  ];
  for (const [f, t] of yes) assert.equal(canTransition(f as never, t as never), true, `${f} -> ${t}`);
  for (const [f, t] of no) assert.equal(canTransition(f as never, t as never), false, `${f} -> ${t}`);
});

test('sourcesOf inverts the table', () => {
  assert.deepEqual(sourcesOf('REMOVED').sort(), ['ACTIVE_HEALTHY', 'FAILED', 'PAUSED', 'UNHEALTHY']);
  assert.deepEqual(sourcesOf('COMING_UP'), []);
});
