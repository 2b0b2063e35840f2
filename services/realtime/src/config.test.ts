// Config: defaults, overrides, and the env fields an app parses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '@powabase/core';
import { defaultRealtimeConfig, realtimeConfigFields } from './config.ts';

test('defaults are frozen and overridable', () => {
  const c = defaultRealtimeConfig({ maxConnections: 3 });
  assert.equal(c.maxConnections, 3);
  assert.equal(c.maxChannelsPerConnection, 100);
  assert.ok(Object.isFrozen(c));
});

test('env fields parse into config overrides', () => {
  const parsed = parseConfig(realtimeConfigFields, { POWABASE_REALTIME_MAX_CONNECTIONS: '42', POWABASE_REALTIME_PRIVATE_ONLY: 'true' });
  const c = defaultRealtimeConfig(parsed);
  assert.equal(c.maxConnections, 42);
  assert.equal(c.privateOnly, true);
  assert.equal(c.maxPayloadBytes, 256 * 1024);
});
