// The Embedder adapters through the shared conformance suite: the local USE-lite model in compute threads
// (offline, 512 dims) and the OpenAI-compatible client against a fake embeddings server.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ComputePool } from '../src/threads/pool.ts';
import { createLocalEmbedder, slicesByWork } from '../src/embed/local.ts';
import { createOpenAiEmbedder } from '../src/embed/openai.ts';
import { modelInfo } from '../src/embed/factory.ts';
import { embedderConformance } from './embedder-conformance.ts';
import { FAKE_KEY, startFakeEmbeddings, type FakeServer } from './fake-embeddings.ts';

const pool = new ComputePool({ maxThreads: 2, idleTimeoutMs: 10_000 });
let fake: FakeServer | null = null;
after(async () => { await pool.close(); await fake?.close(); });

describe('local embedder (USE-lite, compute threads)', () => {
  embedderConformance('local/use-lite', async () => createLocalEmbedder(pool, { windowWords: 96, batchSize: 32, model: 'local/use-lite' }), { expectedDims: 512 });

  test('texts of mixed lengths in one call get the vectors they get alone (length-sorted batches)', async () => {
    const e = createLocalEmbedder(pool, { windowWords: 96, batchSize: 4, model: 'local/use-lite' });
    const texts = ['short one', 'battery storage smooths the output of wind farms '.repeat(30), 'a medium sentence about tides and the harbour', 'x', 'grid '.repeat(7)];
    const all = await e.embed(texts);
    for (const [i, t] of texts.entries()) {
      const [alone] = await e.embed([t]);
      let d = 0;
      for (let k = 0; k < alone.length; k++) d += alone[k] * all[i][k];
      assert.ok(d > 0.9999, `text ${i}: cosine ${d}`);
    }
  });

  test('work is sliced so every thread gets some, in order, nothing lost', () => {
    const long = 'w '.repeat(1500);
    const few = slicesByWork(Array(4).fill(long), { windowWords: 96, batchSize: 32, threads: 2 });
    assert.equal(few.length, 2, 'four long chunks used to go to one thread');
    const many = Array.from({ length: 300 }, (_, i) => `text ${i} `.repeat(10));
    const slices = slicesByWork(many, { windowWords: 96, batchSize: 32, threads: 2 });
    assert.deepEqual(slices.flat(), many);
    assert.ok(slices.length >= 2 && slices.every((x) => x.length <= 40), slices.map((x) => x.length).join());
    assert.deepEqual(slicesByWork(['one'], { windowWords: 96, batchSize: 32, threads: 2 }), [['one']]);
  });

  test('long texts are embedded in windows and averaged (unit length)', async () => {
    const e = createLocalEmbedder(pool, { windowWords: 8, batchSize: 4, model: 'local/use-lite' });
    const [v] = await e.embed(['word '.repeat(40)]);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-3);
  });
});

describe('OpenAI-compatible embedder (fake server)', () => {
  const make = async () => {
    fake ??= await startFakeEmbeddings(64);
    return createOpenAiEmbedder({
      model: 'openai/fake', apiModel: 'fake', baseUrl: fake.url, apiKey: FAKE_KEY, maxBatchTokens: 50, maxBatchItems: 16,
      countTokens: async (texts) => texts.map((t) => Math.ceil(t.length / 4)), retryBaseMs: 1,
    });
  };
  embedderConformance('openai-compatible', make, { expectedDims: 64 });

  test('batches by token budget and sends the key and model', async () => {
    const e = await make();
    const before = fake!.requests.length;
    await e.embed(Array.from({ length: 10 }, () => 'x'.repeat(80))); // 20 tokens each, budget 50 -> 2 per call
    const calls = fake!.requests.slice(before);
    assert.equal(calls.length, 5);
    assert.ok(calls.every((c) => c.input.length === 2 && c.model === 'fake' && c.auth === `Bearer ${FAKE_KEY}`));
  });

  test('a provider error is reported with its message', async () => {
    const e = await make();
    fake!.mode = 'fail';
    try {
      await assert.rejects(e.embed(['x']), /HTTP 400: bad model/);
    } finally {
      fake!.mode = 'ok';
    }
  });
});

test('model names: local default, OpenAI models, openai/<model>, others refused', () => {
  assert.deepEqual(modelInfo('local/use-lite'), { model: 'local/use-lite', kind: 'local', apiModel: 'local/use-lite', dims: 512 });
  assert.equal(modelInfo('text-embedding-3-small').dims, 1536);
  assert.equal(modelInfo('openai/nomic-embed-text').dims, null);
  assert.throws(() => modelInfo('cohere/embed-english-v3.0'), /Unsupported embedding_model/);
});
