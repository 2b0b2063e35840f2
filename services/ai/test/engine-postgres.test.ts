// The postgres engine (TEST_PG_URL): the ai migrations apply on a server without pgvector, the AI routes
// then answer 503 naming the missing extension, and the gateway's health route keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkip, startStack } from './helpers.ts';

test('postgres without pgvector: AI routes 503 naming the extension', { skip: pgSkip }, async () => {
  const s = await startStack({ engine: 'postgres' });
  try {
    const hasVector = (await s.sql("select 1 from pg_extension where extname = 'vector'")).rowCount;
    const tables = (await s.sql("select count(*)::int as n from pg_tables where schemaname = 'ai'")).rows[0].n;
    assert.ok(tables >= 16);
    if (hasVector) {
      assert.equal((await s.api('/sources')).status, 200);
      return;
    }
    const r = await s.json('/sources');
    assert.equal(r.status, 503);
    assert.equal(r.body.code, 'vector_unavailable');
    assert.match(r.body.error, /pgvector extension \("vector"\)/);
    assert.equal((await s.json('/knowledge-bases', { method: 'POST', json: { name: 'x' } })).status, 503);
    assert.equal((await fetch(`${s.url}/api/health`)).status, 200);
    assert.equal(s.ai.worker, null);
  } finally {
    await s.close();
  }
});
