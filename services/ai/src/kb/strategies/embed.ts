// Embedding for the indexing jobs: the KB's embedder over a list of texts, and the partial HNSW index of
// the vectors' dimension created before the first insert of that size (so the build stays incremental).
import { isPowabaseError } from '@powabase/core';
import type { AiContext } from '../../context.ts';
import { PermanentJobError } from '../../jobs/worker.ts';

/** The partial HNSW index for one dimension; pgvector's HNSW stops at 2000 dims (larger ones are scanned). */
export async function ensureVectorIndex(ctx: AiContext, vectorSchema: string, dims: number): Promise<void> {
  if (dims < 1 || dims > 2000) return;
  const name = `idx_ai_embeddings_hnsw_${dims}`;
  const exists = await ctx.db.query('select 1 from pg_indexes where schemaname = $1 and indexname = $2', ['ai', name]);
  if (exists.rowCount) return;
  await ctx.db.query(`create index if not exists ${name} on ai.embeddings using hnsw ((embedding::"${vectorSchema}".vector(${dims})) "${vectorSchema}".vector_cosine_ops) where dims = ${dims}`);
}

/** Embeds `texts` with `model`; a missing key or unknown model fails the job at once. */
export async function embedForIndex(ctx: AiContext, model: string, texts: string[], signal: AbortSignal): Promise<{ model: string; vectors: Float32Array[] }> {
  try {
    const embedder = await ctx.embedders.forModel(model);
    const vectors = texts.length ? await embedder.embed(texts, signal) : [];
    const dims = vectors[0]?.length ?? 0;
    if (dims) await ensureVectorIndex(ctx, ctx.vectorSchema(), dims);
    return { model: embedder.model, vectors };
  } catch (e) {
    if (isPowabaseError(e) && ['provider_key_missing', 'invalid_config', 'provider_key_decrypt_failed'].includes(e.code)) throw new PermanentJobError(e.message);
    throw e;
  }
}
