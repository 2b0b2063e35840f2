// Settings registry and BYOK provider keys over HTTP, and the settings the pipeline reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './helpers.ts';
import { FAKE_KEY, startFakeEmbeddings, type FakeServer } from './fake-embeddings.ts';

let s: Stack;
let fake: FakeServer;
before(async () => {
  fake = await startFakeEmbeddings();
  s = await startStack({ config: { validateKeysOnline: true, providerBaseUrls: { openai: fake.url }, platformKeys: { anthropic: 'sk-ant-platform-key-0123456789' } } });
});
after(async () => { await s?.close(); await fake?.close(); });

test('GET /api/settings: typed registry by category, secrets masked', async () => {
  const r = await s.json('/settings');
  assert.equal(r.status, 200);
  const cats = r.body.categories;
  assert.deepEqual(Object.keys(cats).sort(), ['agents', 'compaction', 'copilot', 'knowledge-indexing', 'knowledge-retrieval', 'sources', 'tools']);
  const size = cats['knowledge-indexing'].settings.find((x: any) => x.key === 'CHUNK_EMBED_DEFAULT_CHUNK_SIZE');
  assert.deepEqual({ type: size.type, default: size.default, value: size.value, min: size.min }, { type: 'int', default: '2000', value: '2000', min: 50 });
  await s.json('/settings', { method: 'PUT', json: { settings: { FIRECRAWL_API_KEY: 'fc-secret-value' } } });
  const fc = (await s.json('/settings')).body.categories.tools.settings.find((x: any) => x.key === 'FIRECRAWL_API_KEY');
  assert.equal(fc.secret, true);
  assert.equal(fc.value, '••••••••');
  const stored = (await s.sql("select value from ai.project_settings where key = 'FIRECRAWL_API_KEY'")).rows[0].value;
  assert.ok(!stored.includes('fc-secret-value'));
  // sending the mask back changes nothing
  await s.json('/settings', { method: 'PUT', json: { settings: { FIRECRAWL_API_KEY: '••••••••' } } });
  assert.equal((await s.sql("select value from ai.project_settings where key = 'FIRECRAWL_API_KEY'")).rows[0].value, stored);
});

test('PUT validates all or nothing; DELETE reverts; reset-category', async () => {
  const bad = await s.json('/settings', { method: 'PUT', json: { settings: { KB_DEFAULT_TOP_K: 0, CHUNK_EMBED_DEFAULT_OVERLAP: 20, NOPE: 1 } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, 'Validation failed');
  assert.deepEqual(Object.keys(bad.body.details).sort(), ['KB_DEFAULT_TOP_K', 'NOPE']);
  assert.equal((await s.sql("select count(*)::int as n from ai.project_settings where key = 'CHUNK_EMBED_DEFAULT_OVERLAP'")).rows[0].n, 0);
  const ok = await s.json('/settings', { method: 'PUT', json: { settings: { KB_DEFAULT_TOP_K: 9, CHUNK_EMBED_DEFAULT_CHUNK_SIZE: '700', BM25_AUTO_INDEXING: false } } });
  assert.deepEqual(ok.body, { ok: true, updated: ['KB_DEFAULT_TOP_K', 'CHUNK_EMBED_DEFAULT_CHUNK_SIZE', 'BM25_AUTO_INDEXING'] });
  // the pipeline reads them: new KBs get the project's defaults
  const kb = await s.json('/knowledge-bases', { method: 'POST', json: { name: 'from settings' } });
  assert.equal(kb.body.indexing_config.chunk_size, 700);
  assert.equal(kb.body.retrieval_config.top_k, 9);
  assert.equal((await s.json('/config/kb-defaults')).body.strategies.chunk_embed.default_indexing_config.chunk_size, 700);
  const del = await s.json('/settings/KB_DEFAULT_TOP_K', { method: 'DELETE' });
  assert.deepEqual(del.body, { ok: true, key: 'KB_DEFAULT_TOP_K', default: '5' });
  assert.equal((await s.json('/settings/NOPE', { method: 'DELETE' })).status, 404);
  const reset = await s.json('/settings/reset-category', { method: 'POST', json: { category: 'knowledge-indexing' } });
  assert.equal(reset.status, 200);
  assert.equal((await s.sql("select count(*)::int as n from ai.project_settings where key = 'CHUNK_EMBED_DEFAULT_CHUNK_SIZE'")).rows[0].n, 0);
  assert.equal((await s.json('/settings/reset-category', { method: 'POST', json: { category: 'nope' } })).status, 400);
});

test('provider keys: validate, save (201 then 200), batch, delete, platform_supported', async () => {
  assert.deepEqual((await s.json('/ai-provider-keys/platform_supported')).body, { providers: ['anthropic'] });
  const v = await s.json('/ai-provider-keys/validate', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } });
  assert.deepEqual(v.body, { is_valid: true });
  const wrong = await s.json('/ai-provider-keys/validate', { method: 'POST', json: { provider: 'openai', api_key: 'sk-wrongwrongwrongwrongwrong' } });
  assert.equal(wrong.body.is_valid, false);
  assert.match(wrong.body.error, /rejected the key/);
  const created = await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } });
  assert.equal(created.status, 201);
  assert.equal(created.body.masked_key, 'sk-…mnop');
  assert.equal(created.body.is_valid, true);
  assert.ok(!('api_key' in created.body));
  assert.equal((await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } })).status, 200);
  const badFormat = await s.json('/ai-provider-keys', { method: 'POST', json: { provider: 'anthropic', api_key: 'nope' } });
  assert.equal(badFormat.status, 400);
  assert.deepEqual(Object.keys(badFormat.body.fields), ['anthropic']);
  const batchBad = await s.json('/ai-provider-keys', { method: 'PUT', json: { openrouter: 'sk-or-0123456789abcdefghij', google: 'short' } });
  assert.equal(batchBad.status, 400);
  assert.equal((await s.json('/ai-provider-keys')).body.length, 1, 'a failed batch stores nothing');
  assert.equal((await s.json('/ai-provider-keys', { method: 'DELETE' as never })).status, 404);
  assert.equal((await s.api('/ai-provider-keys/openai', { method: 'DELETE' })).status, 204);
  assert.equal((await s.api('/ai-provider-keys/openai', { method: 'DELETE' })).status, 404);
});

test('an OpenAI-compatible embedding model uses the stored key; without one the KB is refused at indexing', async () => {
  const s2 = s;
  await s2.json('/settings', { method: 'PUT', json: { settings: { EMBEDDING_API_BASE: '' } } });
  const kb = await s2.json('/knowledge-bases', { method: 'POST', json: { name: 'openai', indexing_config: { embedding_model: 'text-embedding-3-small' } } });
  assert.equal(kb.status, 201);
  const { upload, waitExtracted, waitIndexed } = await import('./helpers.ts');
  const up = await upload(s2, { name: 'k.md', data: '# Key\n\nText embedded with the project key.' });
  await waitExtracted(s2, up.body.id);
  await s2.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
  const [failed] = await waitIndexed(s2, kb.body.id);
  assert.equal(failed.index_status, 'failed');
  assert.match(failed.error_message, /needs an OpenAI API key/);
  await s2.json('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } });
  const before = fake.requests.length;
  await s2.json(`/knowledge-bases/${kb.body.id}/reindex`, { method: 'POST', json: { failed_only: true } });
  const [ok] = await waitIndexed(s2, kb.body.id);
  assert.equal(ok.index_status, 'indexed', ok.error_message);
  assert.equal(ok.stats.embedding_dim, 1536);
  assert.equal(fake.requests[before].auth, `Bearer ${FAKE_KEY}`);
  assert.equal(fake.requests[before].model, 'text-embedding-3-small');
  const hit = await s2.json(`/knowledge-bases/${kb.body.id}/search`, { method: 'POST', json: { query: 'project key', retrieval_method: 'vector_search' } });
  assert.match(hit.body.results[0].text, /project key/);
});
