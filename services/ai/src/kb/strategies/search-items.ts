// Retrieval SQL over the items of full_document (summaries), graph_index (section nodes) and doc2json
// (summaries): vector (cosine over the KB's dimension), full text (English lexemes OR-ed, ts_rank_cd) and
// hybrid (weighted reciprocal rank fusion, k = 60, normalised so the best scores 1); graph_index adds the
// 1-hop neighbours (`meta.referenced_nodes`) of its hits. Run inside a transaction with search_path set.
import type pg from 'pg';
import type { Strategy } from '../config.ts';

export interface ItemRow {
  id: string; source_id: string; text: string; meta: Record<string, unknown>; source_name: string | null; score: number;
  [extra: string]: unknown;
}
export interface ItemFilters { filterMetadata?: Record<string, unknown>; sourceIds?: string[] }

interface TableInfo { table: string; text: string; extras: string; type: string }

export const ITEM_TABLES: Partial<Record<Strategy, TableInfo>> = {
  full_document: { table: 'full_documents', text: 'summary', extras: ', i.full_text_path, i.summary_model', type: 'full_document' },
  graph_index: { table: 'graph_index_nodes', text: 'text', extras: ', i.node_id, i.title, i.toc_id, i.depth, i.parent_node_id', type: 'graph_index_node' },
  doc2json: { table: 'doc2json_documents', text: 'summary', extras: ', i.extracted_json', type: 'doc2json_document' },
};

function filterSql(f: ItemFilters, params: unknown[]): string {
  let sql = '';
  if (f.filterMetadata && Object.keys(f.filterMetadata).length) { params.push(JSON.stringify(f.filterMetadata)); sql += ` and i.meta @> $${params.length}::jsonb`; }
  if (f.sourceIds?.length) { params.push(f.sourceIds); sql += ` and i.source_id = any($${params.length}::uuid[])`; }
  return sql;
}

const columns = (t: TableInfo) => `i.id, i.source_id, i.${t.text} as text, coalesce(i.meta, '{}'::jsonb) as meta, s.name as source_name${t.extras}`;

export async function vectorItems(c: pg.PoolClient, t: TableInfo, kbId: string, model: string, vector: string, dims: number, k: number, threshold: number, f: ItemFilters): Promise<ItemRow[]> {
  const cast = dims >= 1 && dims <= 2000 ? `::vector(${dims})` : '::vector';
  const params: unknown[] = [vector, kbId, model, dims, k, t.table];
  const where = filterSql(f, params);
  const r = await c.query<ItemRow>(
    `select ${columns(t)}, 1 - (e.embedding${cast} <=> $1${cast}) as score
       from ai.embeddings e join ai.${t.table} i on i.id = e.item_id left join ai.sources s on s.id = i.source_id
      where e.dims = $4 and e.knowledge_base_id = $2 and e.item_table = $6 and e.embedding_model = $3${where}
      order by e.embedding${cast} <=> $1${cast} limit $5`, params);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) })).filter((x) => x.score >= threshold);
}

const operand = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export async function fullTextItems(c: pg.PoolClient, t: TableInfo, kbId: string, query: string, k: number, f: ItemFilters): Promise<ItemRow[]> {
  const terms = (await c.query<{ terms: string[] }>(
    `select coalesce(array(select distinct x from unnest(tsvector_to_array(to_tsvector('english', $1))) as x order by x), '{}') as terms`, [query])).rows[0].terms;
  if (!terms.length) return [];
  const params: unknown[] = [terms.map(operand).join(' | '), kbId, k];
  const where = filterSql(f, params);
  const r = await c.query<ItemRow>(
    `select ${columns(t)}, ts_rank_cd(to_tsvector('english', i.${t.text}), $1::tsquery, 1) as score
       from ai.${t.table} i left join ai.sources s on s.id = i.source_id
      where i.knowledge_base_id = $2 and to_tsvector('english', i.${t.text}) @@ $1::tsquery${where}
      order by score desc, i.id limit $3`, params);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) }));
}

/** Weighted reciprocal rank fusion (rank from 1, k = 60), normalised so the best item scores 1. */
export function fuse(vec: ItemRow[], ft: ItemRow[], w: number): ItemRow[] {
  const acc = new Map<string, { row: ItemRow; fused: number; v: number | null; b: number | null }>();
  const add = (rows: ItemRow[], weight: number, key: 'v' | 'b') => rows.forEach((row, i) => {
    const cur = acc.get(row.id) ?? { row, fused: 0, v: null, b: null };
    cur.fused += weight / (60 + i + 1);
    cur[key] = i + 1;
    acc.set(row.id, cur);
  });
  add(vec, w, 'v');
  add(ft, 1 - w, 'b');
  const all = [...acc.values()].sort((a, b) => b.fused - a.fused || a.row.id.localeCompare(b.row.id));
  const top = all[0]?.fused || 1;
  return all.map((x) => ({ ...x.row, score: x.fused / top, meta: { ...x.row.meta, vector_rank: x.v, bm25_rank: x.b } }));
}

/** graph_index: each hit's referenced sections from the same tree, appended once, scored half their referrer. */
export async function expandGraph(c: pg.PoolClient, kbId: string, hits: ItemRow[], f: ItemFilters): Promise<ItemRow[]> {
  const seen = new Set(hits.map((h) => h.id));
  const wanted = hits.flatMap((h) => ((h.meta.referenced_nodes as string[] | undefined) ?? []).map((n) => ({ toc: String(h.toc_id), node: n, from: h })));
  if (!wanted.length) return [];
  const params: unknown[] = [kbId, wanted.map((x) => x.toc), wanted.map((x) => x.node)];
  const where = filterSql({ sourceIds: f.sourceIds }, params);
  const r = await c.query<ItemRow>(
    `select ${columns(ITEM_TABLES.graph_index!)}, 0 as score
       from ai.graph_index_nodes i left join ai.sources s on s.id = i.source_id
       join unnest($2::uuid[], $3::text[]) as w(toc, node) on w.toc = i.toc_id and w.node = i.node_id
      where i.knowledge_base_id = $1${where}`, params);
  const out: ItemRow[] = [];
  for (const w of wanted) {
    const row = r.rows.find((x) => String(x.toc_id) === w.toc && x.node_id === w.node);
    if (!row || seen.has(row.id)) continue;
    seen.add(row.id);
    out.push({ ...row, score: w.from.score * 0.5, meta: { ...row.meta, graph_expansion: true, expanded_from: w.from.node_id } });
  }
  return out;
}
