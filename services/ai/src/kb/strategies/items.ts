// POST /knowledge-bases/{id}/items for the LLM-built strategies: the strategy's item rows in the documented
// envelope (`text` is the summary for full_document and doc2json, the section text for tree nodes).
import type { AiContext } from '../../context.ts';
import type { Strategy } from '../config.ts';

const SELECT: Partial<Record<Strategy, { sql: string; order: string }>> = {
  full_document: {
    sql: `select id, source_id, indexed_source_id, summary as text, coalesce(meta, '{}'::jsonb) as meta, summary, full_text_path, summary_model,
                 summary_tokens, full_text_tokens, created_at from ai.full_documents`,
    order: 'source_id, id',
  },
  doc2json: {
    sql: `select id, source_id, indexed_source_id, summary as text, coalesce(meta, '{}'::jsonb) as meta, summary, extracted_json, json_schema,
                 window_summaries, extraction_model, summary_tokens, input_tokens, window_size, window_overlap, window_count, created_at
            from ai.doc2json_documents`,
    order: 'source_id, id',
  },
  page_index: {
    sql: `select id, source_id, indexed_source_id, toc_id, node_id, title, depth, parent_node_id, text, line_num, coalesce(meta, '{}'::jsonb) as meta, created_at
            from ai.page_index_nodes`,
    order: 'source_id, toc_id, node_id',
  },
  graph_index: {
    sql: `select id, source_id, indexed_source_id, toc_id, node_id, title, depth, parent_node_id, text, line_num, coalesce(meta, '{}'::jsonb) as meta,
                 enrichment_error, created_at from ai.graph_index_nodes`,
    order: 'source_id, toc_id, node_id',
  },
};

export async function strategyItems(ctx: AiContext, kbId: string, strategy: Strategy, sourceIds: string[], limit: number, offset: number) {
  const q = SELECT[strategy]!;
  const r = await ctx.db.query(
    `select x.*, count(*) over () as total from (${q.sql} where knowledge_base_id = $1 and source_id = any($2::uuid[])) x
      order by ${q.order} limit ${limit} offset ${offset}`, [kbId, sourceIds]);
  const total = r.rows[0] ? Number(r.rows[0].total) : 0;
  return { items: r.rows.map(({ total: _t, ...x }) => x), total };
}
