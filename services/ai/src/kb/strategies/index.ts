// The LLM-built strategies' indexing entry point: picks the strategy, runs it (LLM calls and embeddings
// outside any transaction), then writes its rows in one short transaction (write.ts).
import type { Strategy } from '../config.ts';
import { indexDoc2Json } from './doc2json.ts';
import { indexFullDocument } from './full-document.ts';
import { indexGraphIndex } from './graph-index.ts';
import { permanentLlmError } from './llm.ts';
import { indexPageIndex } from './page-index.ts';
import type { StrategyOutput, StrategyRun } from './types.ts';
import { writeStrategyOutput } from './write.ts';

export const LLM_STRATEGIES = new Set<Strategy>(['full_document', 'page_index', 'graph_index', 'doc2json']);

async function compute(run: StrategyRun, fullTextPath: string): Promise<StrategyOutput> {
  switch (run.cfg.strategy as Strategy) {
    case 'full_document': return indexFullDocument(run, fullTextPath);
    case 'page_index': return indexPageIndex(run);
    case 'graph_index': return indexGraphIndex(run);
    case 'doc2json': return indexDoc2Json(run);
    default: throw new Error(`not an LLM-built strategy: ${String(run.cfg.strategy)}`);
  }
}

/** Indexes one source; returns the item count when written, null when the indexed source changed meanwhile. */
export async function indexWithStrategy(run: StrategyRun, fullTextPath: string): Promise<number | null> {
  let out: StrategyOutput;
  try {
    out = await compute(run, fullTextPath);
  } catch (e) {
    throw permanentLlmError(e) ?? e;
  }
  run.signal.throwIfAborted();
  return (await writeStrategyOutput(run.ctx, run.ctx.vectorSchema(), run.is, out)) ? out.items : null;
}

export type { StrategyRun } from './types.ts';
