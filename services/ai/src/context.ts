// What every domain operation and job of the AI service receives: built once by createAiService.
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { AiConfig } from './config.ts';
import type { FileStore } from './files/file-store.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { ComputePool } from './threads/pool.ts';
import type { SettingsStore } from './settings/store.ts';
import type { SecretBox } from './provider-keys/crypto.ts';
import type { ProviderKeyStore } from './provider-keys/store.ts';
import type { EmbedderFactory } from './embed/factory.ts';
import type { SearchSteps } from './search/steps.ts';

export interface AiContext {
  db: Db;
  project: ProjectInfo;
  files: FileStore;
  config: AiConfig;
  log: Logger;
  queue: JobQueue;
  /** Background compute threads (extraction, chunking, bulk embeddings). */
  pool: ComputePool;
  /** A separate thread for interactive work (query embeddings), so searches never queue behind indexing. */
  queryPool: ComputePool;
  /** The schema holding the `vector` type (e.g. extensions). */
  vectorSchema(): string;
  settings: SettingsStore;
  box: SecretBox;
  keys: ProviderKeyStore;
  embedders: EmbedderFactory;
  steps: SearchSteps;
  /** Wakes the in-process worker after an enqueue (NOTIFY may not reach it on every engine). */
  poke(): void;
}

export const JOB_EXTRACT = 'extract_source';
export const JOB_INDEX = 'index_source';
