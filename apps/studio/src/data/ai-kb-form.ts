// The "new knowledge base" form as plain values: its starting point from GET /config/kb-defaults, and the
// request body it becomes. Pure, so it is tested without a browser.
import type { KbDefaults, KbInput } from '../api/ai-types.ts';

export interface KbForm {
  name: string;
  description: string;
  strategy: string;
  chunkSize: string;
  overlap: string;
  embeddingModel: string;
  method: string;
  topK: string;
  vectorWeight: string;
}

/** A model name the API takes as a template (`openai/<model>`) is not offered as is. */
export const embeddingChoices = (d: KbDefaults) => d.embedding_models.options.filter((m) => !m.includes('<'));

const str = (v: unknown, fallback = '') => (v === undefined || v === null ? fallback : String(v));

/** The form for `strategy` (default: the first available one), filled with that strategy's defaults. */
export function kbFormFor(d: KbDefaults, strategy?: string, keep?: Pick<KbForm, 'name' | 'description'>): KbForm {
  const name = strategy ?? Object.keys(d.strategies).find((s) => d.strategies[s].available) ?? 'chunk_embed';
  const s = d.strategies[name];
  const ix = s?.default_indexing_config ?? {};
  const rt = s?.default_retrieval_config ?? {};
  return {
    name: keep?.name ?? '', description: keep?.description ?? '', strategy: name,
    chunkSize: str(ix.chunk_size), overlap: str(ix.overlap), embeddingModel: str(ix.embedding_model, d.embedding_models.default),
    method: str(rt.method, s?.default_retrieval_method ?? 'hybrid'), topK: str(rt.top_k, '5'),
    vectorWeight: str(rt.vector_weight, str(d.hybrid_vector_weight, '0.5')),
  };
}

/** The POST /knowledge-bases body; numbers are sent as numbers (the service checks their bounds). */
export function kbInput(f: KbForm): KbInput {
  return {
    name: f.name.trim(),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    indexing_config: { strategy: f.strategy, chunk_size: Number(f.chunkSize), overlap: Number(f.overlap), embedding_model: f.embeddingModel.trim() },
    retrieval_config: { method: f.method, top_k: Number(f.topK), ...(f.method === 'hybrid' ? { vector_weight: Number(f.vectorWeight) } : {}) },
  };
}
