// Writes one indexing run of an LLM-built strategy: in one short transaction, lock the indexed source,
// check it is still `indexing`, delete every item it had (any strategy: a strategy change and reindex
// leave nothing stale), insert the new rows and embeddings, mark it indexed. Returns false when skipped.
import type { AiContext } from '../../context.ts';
import { toVectorLiteral } from '../../embed/embedder.ts';
import type { ClaimedSource, StrategyOutput } from './types.ts';

const ITEM_TABLES = ['chunks', 'full_documents', 'doc2json_documents', 'page_index_toc', 'graph_index_toc'];

export async function writeStrategyOutput(ctx: AiContext, vectorSchema: string, is: ClaimedSource, out: StrategyOutput): Promise<boolean> {
  return ctx.db.tx(async (c) => {
    const cur = await c.query<{ index_status: string }>('select index_status from ai.indexed_sources where id = $1 for update', [is.id]);
    if (cur.rows[0]?.index_status !== 'indexing') return false;
    await c.query('delete from ai.embeddings where indexed_source_id = $1', [is.id]);
    for (const t of ITEM_TABLES) await c.query(`delete from ai.${t} where indexed_source_id = $1`, [is.id]);
    await out.insert(c);
    const e = out.embeddings;
    if (e && e.ids.length) {
      for (let i = 0; i < e.ids.length; i += 500) {
        const vs = e.vectors.slice(i, i + 500);
        await c.query(
          `insert into ai.embeddings (item_id, item_table, indexed_source_id, knowledge_base_id, source_id, embedding_model, dims, embedding)
           select t.id, $8, $2, $3, $4, $5, $6, t.v::"${vectorSchema}".vector from unnest($1::uuid[], $7::text[]) as t(id, v)`,
          [e.ids.slice(i, i + 500), is.id, is.knowledge_base_id, is.source_id, e.model, vs[0]?.length ?? 0, vs.map(toVectorLiteral), e.table]);
      }
    }
    await c.query(`update ai.indexed_sources set index_status = 'indexed', indexed_at = now(), stats = $2, indexing_config_snapshot = $3, error_message = null
                    where id = $1`, [is.id, JSON.stringify(out.stats), JSON.stringify(is.indexing_config)]);
    return true;
  });
}
