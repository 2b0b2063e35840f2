// Query embeddings kept by model and text (least recently used dropped past `max`): a repeated search, a
// paginated or retried one, skips the model (~10-15 ms for USE-lite in the query thread, a paid call for
// OpenAI). Vectors are copied in and out, so callers may not alter the cached ones.
import type { Embedder } from './embedder.ts';

/** Vectors by model + text, most recently used last. */
export class QueryVectorCache {
  private readonly map = new Map<string, Float32Array>();
  constructor(readonly max = 256) {}

  get(model: string, text: string): Float32Array | undefined {
    const key = `${model}\u0000${text}`;
    const v = this.map.get(key);
    if (v) { this.map.delete(key); this.map.set(key, v); }
    return v && v.slice();
  }

  set(model: string, text: string, v: Float32Array): void {
    const key = `${model}\u0000${text}`;
    this.map.delete(key);
    this.map.set(key, v.slice());
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

/** An embedder that answers texts it embedded recently from the cache and asks `inner` for the others. */
export function cachedEmbedder(inner: Embedder, cache: QueryVectorCache): Embedder {
  return {
    model: inner.model,
    get dims() { return inner.dims; },
    async embed(texts, signal) {
      const out = texts.map((t) => cache.get(inner.model, t));
      const missing = texts.filter((_, i) => !out[i]);
      if (!missing.length) return out as Float32Array[];
      const got = await inner.embed(missing, signal);
      let j = 0;
      return out.map((v, i) => {
        if (v) return v;
        const g = got[j++];
        cache.set(inner.model, texts[i], g);
        return g;
      });
    },
  };
}
