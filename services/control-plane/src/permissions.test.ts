import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, canAssignRole, PERMISSIONS, ROLES } from './permissions.ts';

test('roles are nested: each role may do everything the next one down may', () => {
  for (const action of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
    for (let i = 1; i < ROLES.length; i++) {
      if (can(ROLES[i], action)) assert.ok(can(ROLES[i - 1], action), `${ROLES[i - 1]} lacks ${action} that ${ROLES[i]} has`);
    }
  }
});

test('read_only only reads; developers build but cannot delete projects', () => {
  assert.ok(can('read_only', 'projects.read'));
  assert.ok(!can('read_only', 'projects.create'));
  assert.ok(!can('read_only', 'projects.secrets.read'));
  assert.ok(can('developer', 'projects.pause'));
  assert.ok(!can('developer', 'projects.delete'));
  assert.ok(can('admin', 'projects.delete'));
  assert.ok(!can('admin', 'org.delete'));
});

test('only owners grant or take away owner', () => {
  assert.ok(canAssignRole('owner', 'developer', 'owner'));
  assert.ok(canAssignRole('admin', 'developer', 'admin'));
  assert.ok(!canAssignRole('admin', 'developer', 'owner'));
  assert.ok(!canAssignRole('admin', 'owner', 'developer'));
  assert.ok(!canAssignRole('admin', 'owner', null));
  assert.ok(!canAssignRole('developer', 'read_only', 'developer'));
});
