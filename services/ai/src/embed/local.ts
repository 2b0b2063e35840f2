// The local embedder: Universal Sentence Encoder Lite (512 dims) in the compute threads, offline.
// Texts go to the pool in slices so several threads work at once and a cancelled job stops between slices.
import type { ComputePool } from '../threads/pool.ts';
import type { Embedder } from './embedder.ts';
import { USE_LITE_DIMS } from './use-lite.ts';

export function createLocalEmbedder(pool: ComputePool, o: { windowWords: number; batchSize: number; model: string }): Embedder {
  return {
    model: o.model,
    dims: USE_LITE_DIMS,
    async embed(texts, signal) {
      const slice = Math.max(1, o.batchSize);
      const parts: Promise<Float32Array[]>[] = [];
      for (let i = 0; i < texts.length; i += slice) parts.push(pool.embedLocal(texts.slice(i, i + slice), o, signal));
      return (await Promise.all(parts)).flat();
    },
  };
}
