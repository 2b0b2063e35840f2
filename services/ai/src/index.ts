// @powabase/ai: the AI service of a project under /api (sources and extraction, knowledge bases,
// embeddings, search, settings, provider keys) with its background worker and compute threads.
import { loadMigrations, type MigrationSet } from '@powabase/db';

export { createAiService, type AiServiceOptions, type AiServiceMount } from './service.ts';
export { defaultAiConfig, type AiConfig, type Provider } from './config.ts';
export { aiErrors, type AiErrorCode } from './errors.ts';
export { FileNotFound, type FileStore, type StoredFile } from './files/file-store.ts';
export { createFsFileStore } from './files/fs-file-store.ts';
export { createStorageFileStore, type StorageObjectsPort } from './files/storage-file-store.ts';
export { SOURCES_BUCKET, originalPath, derivativePath } from './files/layout.ts';
export type { Embedder } from './embed/embedder.ts';
export { createOpenAiEmbedder } from './embed/openai.ts';
export type { SearchSteps, QueryEnricher, Reranker, SearchHit } from './search/steps.ts';
export { SETTINGS } from './settings/registry.ts';

/** The `ai` schema (scope 'ai'); apply after baseMigrations(). */
export function aiMigrations(): MigrationSet {
  return loadMigrations('ai', new URL('../migrations/', import.meta.url));
}
