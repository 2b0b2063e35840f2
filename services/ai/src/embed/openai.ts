// An OpenAI-compatible embeddings client (OpenAI, Ollama, vLLM, LM Studio, …): POST {base}/embeddings,
// batched by a token budget, retried on 429/5xx with backoff.
import { raise } from '../errors.ts';
import type { Embedder } from './embedder.ts';

export interface OpenAiEmbedderOptions {
  /** The name recorded per embedding (e.g. text-embedding-3-small, openai/nomic-embed-text). */
  model: string;
  /** The model name sent to the endpoint. */
  apiModel: string;
  baseUrl: string;
  apiKey: string | null;
  dims?: number | null;
  maxBatchTokens: number;
  maxBatchItems?: number;
  countTokens: (texts: string[], signal?: AbortSignal) => Promise<number[]>;
  retries?: number;
  retryBaseMs?: number;
}

export function createOpenAiEmbedder(o: OpenAiEmbedderOptions): Embedder {
  let dims = o.dims ?? null;
  const url = `${o.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const call = async (input: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    const retries = o.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST', signal,
          headers: { 'content-type': 'application/json', ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
          body: JSON.stringify({ model: o.apiModel, input, encoding_format: 'float' }),
        });
      } catch (e) {
        if (signal?.aborted || attempt >= retries) throw raise('embedding_failed', `Embedding request to ${new URL(url).host} failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, (o.retryBaseMs ?? 500) * 2 ** attempt));
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        await res.body?.cancel().catch(() => {});
        await new Promise((r) => setTimeout(r, (o.retryBaseMs ?? 500) * 2 ** attempt));
        continue;
      }
      const body = await res.json().catch(() => null) as { data?: { index: number; embedding: number[] }[]; error?: { message?: string } } | null;
      if (!res.ok || !Array.isArray(body?.data)) {
        throw raise('embedding_failed', `Embedding provider answered HTTP ${res.status}${body?.error?.message ? `: ${body.error.message}` : ''}`);
      }
      const data = [...body!.data].sort((a, b) => a.index - b.index);
      if (data.length !== input.length) throw raise('embedding_failed', `Embedding provider returned ${data.length} vectors for ${input.length} inputs`);
      const out = data.map((d) => Float32Array.from(d.embedding));
      dims ??= out[0]?.length ?? null;
      const odd = out.find((v) => v.length !== dims);
      if (odd) throw raise('embedding_failed', `Embedding provider returned ${odd.length}-dimensional vectors, expected ${dims} for ${o.model}`);
      return out;
    }
  };
  return {
    model: o.model,
    get dims() { return dims; },
    async embed(texts, signal) {
      if (!texts.length) return [];
      const tokens = await o.countTokens(texts, signal);
      const out: Float32Array[] = [];
      let batch: string[] = [];
      let budget = 0;
      const maxItems = o.maxBatchItems ?? 2048;
      for (let i = 0; i < texts.length; i++) {
        const t = Math.min(tokens[i], o.maxBatchTokens);
        if (batch.length && (budget + t > o.maxBatchTokens || batch.length >= maxItems)) {
          out.push(...(await call(batch, signal)));
          batch = [];
          budget = 0;
        }
        batch.push(texts[i] || ' ');
        budget += t;
      }
      if (batch.length) out.push(...(await call(batch, signal)));
      return out;
    },
  };
}
