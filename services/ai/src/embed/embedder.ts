// The Embedder port: texts in, one unit-length-or-not vector per text out, in order. Adapters: the local
// USE-lite model (compute threads) and any OpenAI-compatible /embeddings endpoint. One conformance suite
// (test/embedder-conformance.ts) runs against both.
export interface Embedder {
  /** The name recorded in ai.embeddings.embedding_model. */
  readonly model: string;
  /** Known up front, or learnt from the first response. */
  readonly dims: number | null;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export function toVectorLiteral(v: ArrayLike<number>): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (Number.isFinite(v[i]) ? v[i] : 0);
  return `${s}]`;
}
