// The query-vector cache: hits skip the inner embedder, misses are embedded once in order, the least
// recently used entry goes first, models never share entries, and cached vectors cannot be altered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Embedder } from './embedder.ts';
import { cachedEmbedder, QueryVectorCache } from './query-cache.ts';

function counting(model: string): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    model, dims: 2, calls,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((t) => Float32Array.from([t.length, model.length]));
    },
  };
}

test('a repeated text is answered from the cache; misses in a mixed call go to the embedder once, in order', async () => {
  const inner = counting('m');
  const e = cachedEmbedder(inner, new QueryVectorCache(8));
  await e.embed(['alpha']);
  const got = await e.embed(['beta', 'alpha', 'gamma!']);
  assert.deepEqual(inner.calls, [['alpha'], ['beta', 'gamma!']]);
  assert.deepEqual(got.map((v) => [...v]), [[4, 1], [5, 1], [6, 1]]);
  await e.embed(['gamma!', 'beta']);
  assert.equal(inner.calls.length, 2);
});

test('the least recently used entry is evicted past the limit', async () => {
  const inner = counting('m');
  const e = cachedEmbedder(inner, new QueryVectorCache(2));
  await e.embed(['a']);
  await e.embed(['b']);
  await e.embed(['a']); // a is now the most recent
  await e.embed(['c']); // evicts b
  await e.embed(['a']);
  assert.equal(inner.calls.length, 3);
  await e.embed(['b']);
  assert.deepEqual(inner.calls.at(-1), ['b']);
});

test('entries are per model, and a caller altering a vector does not alter the cache', async () => {
  const cache = new QueryVectorCache(8);
  const m1 = counting('m1');
  const m2 = counting('model-2');
  const [v] = await cachedEmbedder(m1, cache).embed(['q']);
  v[0] = 99;
  const [again] = await cachedEmbedder(m1, cache).embed(['q']);
  assert.equal(again[0], 1);
  const [other] = await cachedEmbedder(m2, cache).embed(['q']);
  assert.deepEqual([...other], [1, 7]);
  assert.equal(m1.calls.length + m2.calls.length, 2);
});
