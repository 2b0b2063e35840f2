// Embedding model names -> embedders. `local/use-lite` is the offline default; OpenAI's models by name;
// `openai/<model>` is any model behind an OpenAI-compatible endpoint (setting EMBEDDING_API_BASE).
// Query (interactive) embeddings are cached per factory, keyed by model and text.
import type { AiConfig } from '../config.ts';
import { raise } from '../errors.ts';
import type { ProviderKeyStore } from '../provider-keys/store.ts';
import type { SettingsStore } from '../settings/store.ts';
import { LOCAL_EMBEDDING_MODEL } from '../settings/registry.ts';
import type { ComputePool } from '../threads/pool.ts';
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local.ts';
import { createOpenAiEmbedder } from './openai.ts';
import { cachedEmbedder, QueryVectorCache } from './query-cache.ts';

export const OPENAI_MODELS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
const LOCAL_ALIASES = new Set([LOCAL_EMBEDDING_MODEL, 'use-lite', 'local']);

export interface ModelInfo { model: string; kind: 'local' | 'openai'; apiModel: string; dims: number | null }

/** Parses a model name; throws 400 for names no adapter serves. */
export function modelInfo(name: unknown): ModelInfo {
  if (typeof name !== 'string' || !name.trim()) throw raise('invalid_config', 'embedding_model must be a non-empty string');
  const n = name.trim();
  if (LOCAL_ALIASES.has(n)) return { model: LOCAL_EMBEDDING_MODEL, kind: 'local', apiModel: n, dims: 512 };
  const bare = n.replace(/^openai\//, '');
  if (OPENAI_MODELS[bare] !== undefined) return { model: n, kind: 'openai', apiModel: bare, dims: OPENAI_MODELS[bare] };
  if (n.startsWith('openai/') && bare) return { model: n, kind: 'openai', apiModel: bare, dims: null };
  throw raise('invalid_config', `Unsupported embedding_model "${n}": use ${LOCAL_EMBEDDING_MODEL} (offline), ${Object.keys(OPENAI_MODELS).join(', ')}, or openai/<model> for an OpenAI-compatible endpoint (EMBEDDING_API_BASE)`);
}

export class EmbedderFactory {
  private readonly queryCache = new QueryVectorCache();
  constructor(private readonly o: { pool: ComputePool; queryPool: ComputePool; config: AiConfig; keys: ProviderKeyStore; settings: SettingsStore }) {}

  /** `interactive`: a query embedding, served by the query thread rather than behind bulk work, and cached. */
  async forModel(name: string, opts: { interactive?: boolean } = {}): Promise<Embedder> {
    const inner = await this.uncached(name, opts.interactive ? this.o.queryPool : this.o.pool);
    return opts.interactive ? cachedEmbedder(inner, this.queryCache) : inner;
  }

  private async uncached(name: string, pool: ComputePool): Promise<Embedder> {
    const info = modelInfo(name);
    if (info.kind === 'local') return createLocalEmbedder(pool, { ...this.o.config.localEmbedder, model: info.model });
    const s = await this.o.settings.snapshot();
    const custom = s.str('EMBEDDING_API_BASE').trim();
    const key = await this.o.keys.resolve('openai');
    if (!key && !custom) {
      throw raise('provider_key_missing', `Embedding model ${info.model} needs an OpenAI API key: add one with POST /api/ai-provider-keys (provider openai), or set EMBEDDING_API_BASE to a local OpenAI-compatible server`);
    }
    return createOpenAiEmbedder({
      model: info.model, apiModel: info.apiModel, dims: info.dims, apiKey: key,
      baseUrl: custom || this.o.config.providerBaseUrls.openai,
      maxBatchTokens: s.int('EMBEDDING_MAX_TOKENS_PER_BATCH'),
      countTokens: (texts, signal) => pool.countTokens(texts, signal),
    });
  }
}
