// The local embedder: Universal Sentence Encoder Lite (512 dims) in the compute threads, offline.
// Texts go to the pool in slices of about `batchSize` windows of work, and at least one slice per
// thread when there is enough work, so every thread computes at once (a few long chunks used to land
// on one thread); a cancelled job stops between slices.
import type { ComputePool } from '../threads/pool.ts';
import type { Embedder } from './embedder.ts';
import { USE_LITE_DIMS } from './use-lite.ts';

/** Contiguous slices of roughly equal work (estimated windows, from the text length). */
export function slicesByWork(texts: string[], o: { windowWords: number; batchSize: number; threads: number }): string[][] {
  // ~6 characters a word: a cheap estimate, no tokenising on the request thread
  const work = texts.map((t) => Math.max(1, Math.ceil(t.length / (6 * o.windowWords))));
  const total = work.reduce((a, b) => a + b, 0);
  const count = Math.min(texts.length, Math.max(Math.ceil(total / Math.max(1, o.batchSize)), o.threads));
  const target = total / Math.max(1, count);
  const out: string[][] = [];
  let cur: string[] = [];
  let acc = 0;
  texts.forEach((t, i) => {
    cur.push(t);
    acc += work[i];
    if (acc >= target * (out.length + 1) - 1e-9 && out.length < count - 1) { out.push(cur); cur = []; }
  });
  if (cur.length) out.push(cur);
  return out;
}

export function createLocalEmbedder(pool: ComputePool, o: { windowWords: number; batchSize: number; model: string }): Embedder {
  return {
    model: o.model,
    dims: USE_LITE_DIMS,
    async embed(texts, signal) {
      if (!texts.length) return [];
      const slices = slicesByWork(texts, { ...o, threads: pool.size });
      const parts = slices.map((s) => pool.embedLocal(s, o, signal));
      return (await Promise.all(parts)).flat();
    },
  };
}
