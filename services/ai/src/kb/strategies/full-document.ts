// full_document: one LLM summary per source (from its first FULLDOC_SUMMARY_INPUT_CHARS characters),
// embedded and full-text indexed; the full text stays in storage (the extracted Markdown derivative,
// `full_text_path`) and a search hit returns the whole document.
import { randomUUID } from 'node:crypto';
import { Llm } from './llm.ts';
import { PROMPTS } from './prompts.ts';
import { embedForIndex } from './embed.ts';
import type { StrategyOutput, StrategyRun } from './types.ts';

export async function indexFullDocument(run: StrategyRun, fullTextPath: string): Promise<StrategyOutput> {
  const { ctx, cfg, src, markdown, settings: s, signal } = run;
  const model = String(cfg.summary_model);
  const llm = await Llm.open(ctx, model);
  const input = markdown.slice(0, s.int('FULLDOC_SUMMARY_INPUT_CHARS'));
  const summary = await llm.text({
    system: PROMPTS.documentSummary, user: `Document: ${src.name ?? 'untitled'}\n\n${input}`,
    maxTokens: s.int('FULLDOC_SUMMARY_MAX_TOKENS'), signal,
  }) || markdown.slice(0, 2000);
  const [summaryTokens, fullTokens] = await ctx.pool.countTokens([summary, markdown], signal);
  const { model: embModel, vectors } = await embedForIndex(ctx, String(cfg.embedding_model), [summary], signal);
  const id = randomUUID();
  const meta = { ...(src.metadata ?? {}), source_id: src.id, source_name: src.name, strategy: 'full_document', truncated_input: input.length < markdown.length };
  return {
    items: 1,
    embeddings: { table: 'full_documents', model: embModel, ids: [id], vectors },
    stats: {
      artifact_count: 1, total_chars: markdown.length, summary_tokens: summaryTokens, full_text_tokens: fullTokens, total_tokens: summaryTokens,
      embedding_dim: vectors[0]?.length ?? 0, embedding_model: embModel, summary_model: model, strategy: 'full_document', llm_costs: llm.meter.toJSON(),
    },
    insert: async (c) => {
      await c.query(
        `insert into ai.full_documents (id, indexed_source_id, knowledge_base_id, source_id, summary, full_text_path, summary_model, summary_tokens, full_text_tokens, meta)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, run.is.id, run.is.knowledge_base_id, src.id, summary, fullTextPath, model, summaryTokens, fullTokens, JSON.stringify(meta)]);
    },
  };
}
