// Shared types of the LLM-built strategies: what an indexing run receives and what it hands to the writer.
import type pg from 'pg';
import type { AiContext } from '../../context.ts';
import type { SettingsSnapshot } from '../../settings/store.ts';
import type { SourceRow } from '../../sources/rows.ts';

export interface ClaimedSource {
  id: string; knowledge_base_id: string; source_id: string;
  indexing_config: Record<string, unknown>;
}

export interface StrategyRun {
  ctx: AiContext;
  is: ClaimedSource;
  cfg: Record<string, unknown>;
  src: SourceRow;
  markdown: string;
  pages: string[];
  settings: SettingsSnapshot;
  signal: AbortSignal;
}

export type ItemTable = 'chunks' | 'graph_index_nodes' | 'full_documents' | 'doc2json_documents';

/** What a strategy computed (outside any transaction), written by write.ts in one short transaction. */
export interface StrategyOutput {
  /** Inserts the strategy's rows; runs inside the write transaction. */
  insert(c: pg.PoolClient): Promise<void>;
  embeddings?: { table: ItemTable; model: string; ids: string[]; vectors: Float32Array[] };
  stats: Record<string, unknown>;
  items: number;
}
