// The standalone entry's pure parts: env parsing and checks, trustProxy, which migrations each service applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@powabase/core';
import { loadStandaloneConfig, trustProxyOf } from './standalone-config.ts';
import { migrationsFor } from './standalone-migrate.ts';

const keys = { POWABASE_PROJECT_REF: 'abcdefghijklmnopqrst', POWABASE_JWT_SECRET: 's', POWABASE_ANON_KEY: 'a', POWABASE_SERVICE_KEY: 'k', POWABASE_PROJECT_URL: 'http://x' };

test('POWABASE_SERVICE must name a known service', () => {
  assert.throws(() => loadStandaloneConfig({ ...keys, POWABASE_SERVICE: 'graphql' }), ConfigError);
  assert.throws(() => loadStandaloneConfig(keys), /POWABASE_SERVICE must be one of/);
});

test('each service says what it is missing', () => {
  assert.throws(() => loadStandaloneConfig({ POWABASE_SERVICE: 'rest', POWABASE_PROJECT_REF: 'r' }), /POWABASE_DB_URL, POWABASE_JWT_SECRET, POWABASE_ANON_KEY, POWABASE_SERVICE_KEY, POWABASE_PROJECT_URL/);
  assert.throws(() => loadStandaloneConfig({ ...keys, POWABASE_SERVICE: 'storage', POWABASE_DB_URL: 'postgresql://x', POWABASE_STORAGE_BACKEND: 's3' }), /POWABASE_S3_BUCKET/);
  assert.throws(() => loadStandaloneConfig({ ...keys, POWABASE_SERVICE: 'auth', POWABASE_DB_URL: 'postgresql://x', POWABASE_AUTH_SETTINGS: '[1]' }), /JSON object/);
  // gateway needs no database, migrate needs no keys
  assert.equal(loadStandaloneConfig({ ...keys, POWABASE_SERVICE: 'gateway' }).service, 'gateway');
  assert.equal(loadStandaloneConfig({ POWABASE_SERVICE: 'migrate', POWABASE_PROJECT_REF: 'r', POWABASE_DB_URL: 'postgresql://x' }).service, 'migrate');
});

test('defaults and realtime limits from the same env as the embedded platform', () => {
  const c = loadStandaloneConfig({ ...keys, POWABASE_SERVICE: 'realtime', POWABASE_DB_URL: 'postgresql://x', POWABASE_REALTIME_MAX_CONNECTIONS: '7' });
  assert.equal(c.port, 8080);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.realtime.maxConnections, 7);
  assert.ok(Object.isFrozen(c));
});

test('trustProxy: none, everyone, or a list of addresses', () => {
  assert.equal(trustProxyOf([]), false);
  assert.equal(trustProxyOf(['true']), true);
  assert.deepEqual(trustProxyOf(['10.0.0.0/8', '127.0.0.1']), ['10.0.0.0/8', '127.0.0.1']);
});

test('migrations: each service applies the canonical list up to its own set; migrate and api apply all', () => {
  const scopes = (s: string) => migrationsFor(s).map((m) => m.scope);
  assert.deepEqual(scopes('migrate'), ['base', 'rest', 'auth', 'storage', 'realtime', 'ai']);
  assert.deepEqual(scopes('rest'), ['base', 'rest']);
  assert.deepEqual(scopes('storage'), ['base', 'rest', 'auth', 'storage']);
  assert.deepEqual(scopes('api'), scopes('migrate'));
});
