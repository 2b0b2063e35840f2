// The durable job queue: a worker killed mid-job (a real process, SIGKILL) is replaced by another that
// resumes the job once the lease runs out, and the result is written once (no duplicate chunks).
// Also: retries with backoff up to max attempts, cancellation of a running job, stop hands jobs back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startStack, upload, waitExtracted, waitFor, waitIndexed, type Stack } from './helpers.ts';
import { startFakeEmbeddings, type FakeServer } from './fake-embeddings.ts';

let s: Stack;
let fake: FakeServer;

before(async () => {
  fake = await startFakeEmbeddings();
  s = await startStack({ config: { worker: { enabled: false, leaseMs: 1000 } } });
  const r = await s.json('/settings', { method: 'PUT', json: { settings: { EMBEDDING_API_BASE: fake.url } } });
  assert.equal(r.status, 200);
});
after(async () => { await s?.close(); await fake?.close(); });

const DOC = Array.from({ length: 12 }, (_, i) => `## Section ${i}\n\n${`Paragraph ${i} about topic ${i} with enough words to count. `.repeat(20)}`).join('\n\n');

test('a worker killed mid-job: the job is resumed by another worker and completes once', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crash-child.ts', import.meta.url))], {
    env: { ...process.env, CHILD_DB_URL: s.db.url, CHILD_PROJECT: JSON.stringify(s.project), CHILD_FILES: s.filesRoot },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((r) => child.on('exit', r));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
      child.on('exit', () => reject(new Error('child exited early')));
    });
    const up = await upload(s, { name: 'crash.md', data: DOC });
    assert.equal((await waitExtracted(s, up.body.id)).extraction_status, 'extracted');
    const kb = await s.json('/knowledge-bases', { method: 'POST', json: { name: 'crash', indexing_config: { embedding_model: 'openai/fake-embed', chunk_size: 200, overlap: 20 } } });
    assert.equal(kb.status, 201, JSON.stringify(kb.body));
    fake.mode = 'hang';
    await s.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
    await waitFor(async () => fake.requests.length > 0, 'the child to call the embeddings server');
    const running = await s.sql(`select status, attempts, locked_by from ai.jobs where kind = 'index_source'`);
    assert.equal(running.rows[0].status, 'running');
    assert.equal(running.rows[0].attempts, 1);
    child.kill('SIGKILL');
    await exited;
  } finally {
    child.kill('SIGKILL');
  }
  fake.mode = 'ok';
  await s.restart({ worker: { enabled: true, leaseMs: 1000 } });
  const kbId = (await s.sql('select id from ai.knowledge_bases where name = $1', ['crash'])).rows[0].id;
  const [item] = await waitIndexed(s, kbId);
  assert.equal(item.index_status, 'indexed');
  // The handler marks the indexed source indexed in its own transaction; the worker then completes the job row.
  await waitFor(async () => (await s.sql(`select 1 from ai.jobs where kind = 'index_source' and status <> 'running'`)).rows.length > 0, 'the job to finish');
  const job = (await s.sql(`select status, attempts from ai.jobs where kind = 'index_source'`)).rows;
  assert.deepEqual(job, [{ status: 'succeeded', attempts: 2 }]);
  const counts = (await s.sql(`select count(*)::int as chunks, count(distinct chunk_index)::int as distinct_idx,
    (select count(*)::int from ai.embeddings where knowledge_base_id = $1) as embeddings from ai.chunks where knowledge_base_id = $1`, [kbId])).rows[0];
  assert.ok(counts.chunks > 5);
  assert.equal(counts.distinct_idx, counts.chunks);
  assert.equal(counts.embeddings, counts.chunks);
  assert.equal(item.stats.artifact_count, counts.chunks);
  assert.equal((await s.sql('select attempts from ai.indexed_sources where id = $1', [item.id])).rows[0].attempts, 2);
});

test('a failing job is retried with backoff, then gives up and records the error', async () => {
  fake.mode = 'fail';
  try {
    const up = await upload(s, { name: 'retry.md', data: '# Retry\n\nSome text to embed for the retry test.' });
    await waitExtracted(s, up.body.id);
    const kb = await s.json('/knowledge-bases', { method: 'POST', json: { name: 'retry', indexing_config: { embedding_model: 'openai/fake-embed' } } });
    await s.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
    const [item] = await waitIndexed(s, kb.body.id);
    assert.equal(item.index_status, 'failed');
    assert.match(item.error_message, /Indexing failed: Embedding provider answered HTTP 400: bad model/);
    const job = (await s.sql(`select status, attempts, max_attempts, last_error from ai.jobs where payload->>'ref' = $1`, [item.id])).rows[0];
    assert.equal(job.status, 'failed');
    assert.equal(job.attempts, job.max_attempts);
  } finally {
    fake.mode = 'ok';
  }
});

test('cancelling a running indexing job stops it and leaves nothing behind; deleting a source mid-indexing too', async () => {
  const up = await upload(s, { name: 'cancel.md', data: DOC.replace(/Paragraph/g, 'Block') });
  await waitExtracted(s, up.body.id);
  const kb = await s.json('/knowledge-bases', { method: 'POST', json: { name: 'cancel', indexing_config: { embedding_model: 'openai/fake-embed', chunk_size: 200 } } });
  fake.mode = 'hang';
  const seen = fake.requests.length;
  const add = await s.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
  await waitFor(async () => fake.requests.length > seen, 'indexing to reach the embedder');
  const c = await s.json(`/knowledge-bases/${kb.body.id}/sources/${add.body.id}/cancel`, { method: 'POST' });
  assert.equal(c.status, 200);
  await waitFor(async () => (await s.sql(`select status from ai.jobs where payload->>'ref' = $1`, [add.body.id])).rows[0].status === 'cancelled', 'job cancelled');
  fake.mode = 'ok';
  assert.equal((await s.sql('select count(*)::int as n from ai.chunks where knowledge_base_id = $1', [kb.body.id])).rows[0].n, 0);
  assert.equal((await s.json(`/knowledge-bases/${kb.body.id}/sources/${add.body.id}/cancel`, { method: 'POST' })).status, 409);

  // delete the source while indexing
  fake.mode = 'hang';
  const seen2 = fake.requests.length;
  await s.json(`/knowledge-bases/${kb.body.id}/reindex`, { method: 'POST', json: {} });
  await waitFor(async () => fake.requests.length > seen2, 'reindex to reach the embedder');
  assert.equal((await s.json(`/sources/${up.body.id}`, { method: 'DELETE' })).status, 200);
  fake.mode = 'ok';
  await waitFor(async () => (await s.sql(`select count(*)::int as n from ai.jobs where payload->>'ref' = $1 and status in ('queued','running')`, [add.body.id])).rows[0].n === 0, 'jobs ended');
  assert.equal((await s.sql('select count(*)::int as n from ai.chunks where source_id = $1', [up.body.id])).rows[0].n, 0);
  assert.equal((await s.sql('select count(*)::int as n from ai.embeddings where source_id = $1', [up.body.id])).rows[0].n, 0);
  assert.equal((await s.sql('select count(*)::int as n from ai.indexed_sources where id = $1', [add.body.id])).rows[0].n, 0);
});
