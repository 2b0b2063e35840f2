// CPU-heavy work runs in the compute threads, never on the request thread: the event loop stays
// responsive (perf_hooks.monitorEventLoopDelay) while a PDF is extracted, chunked and embedded locally.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startStack, upload, waitExtracted, waitIndexed, type Stack } from './helpers.ts';
import { makePdf } from './fixtures.ts';

let s: Stack;
before(async () => { s = await startStack({ config: { ocr: { pageImages: false } } }); });
after(async () => { await s?.close(); });

test('ingestion (extract 40-page PDF, chunk, embed with the local model) keeps event-loop delay low', async () => {
  const pages = Array.from({ length: 40 }, (_, i) => `Page ${i + 1}. ` + `Section ${i} discusses renewable energy storage, grid balancing and battery chemistry in detail. `.repeat(12));
  const pdf = await makePdf(pages, 10);
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const started = Date.now();
  const up = await upload(s, { name: 'energy.pdf', data: pdf });
  const src = await waitExtracted(s, up.body.id, 120_000);
  assert.equal(src.extraction_status, 'extracted');
  const kb = await s.json('/knowledge-bases', { method: 'POST', json: { name: 'loop', indexing_config: { chunk_size: 300, overlap: 30 } } });
  await s.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
  const [item] = await waitIndexed(s, kb.body.id, 300_000);
  h.disable();
  assert.equal(item.index_status, 'indexed', item.error_message);
  assert.ok(item.stats.artifact_count >= 20, `${item.stats.artifact_count} chunks`);
  const maxMs = h.max / 1e6;
  const p99Ms = h.percentile(99) / 1e6;
  console.log(`ingestion ${Date.now() - started} ms, ${item.stats.artifact_count} chunks; event-loop delay p99 ${p99Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`);
  assert.ok(p99Ms < 100, `event-loop delay p99 ${p99Ms} ms`);
  // one synchronous embedding batch or PDF parse on this thread would stall it for 300+ ms
  assert.ok(maxMs < 300, `event-loop delay max ${maxMs} ms`);
});

test('a busy compute thread does not block the request thread', async () => {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t = Date.now();
  await s.ai.context.pool.busy(600);
  h.disable();
  assert.ok(Date.now() - t >= 600);
  assert.ok(h.max / 1e6 < 150, `max delay ${h.max / 1e6} ms while a thread spun for 600 ms`);
});
