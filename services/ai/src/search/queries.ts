// The SQL of retrieval, each run inside the search transaction (search_path and HNSW knobs set local):
// vector (pgvector cosine over the per-dimension HNSW index), full text (OR of the query's English
// lexemes, ts_rank prefilter, then Okapi BM25 with k1 1.2 and b 0.75 over the candidates).
import type pg from 'pg';
import { documentFrequencies } from './term-stats.ts';

export interface Filters { filterMetadata?: Record<string, unknown>; sourceIds?: string[] }
export interface Row { id: string; source_id: string; text: string; meta: Record<string, unknown>; chunk_index: number; source_name: string | null; score: number }

function filterSql(f: Filters, params: unknown[], alias: string): string {
  const out: string[] = [];
  if (f.filterMetadata && Object.keys(f.filterMetadata).length) {
    params.push(JSON.stringify(f.filterMetadata));
    out.push(`${alias}.meta @> $${params.length}::jsonb`);
  }
  if (f.sourceIds?.length) {
    params.push(f.sourceIds);
    out.push(`${alias}.source_id = any($${params.length}::uuid[])`);
  }
  return out.map((s) => ` and ${s}`).join('');
}

export async function vectorQuery(c: pg.PoolClient, kbId: string, model: string, vector: string, dims: number, k: number, threshold: number, f: Filters): Promise<Row[]> {
  const params: unknown[] = [vector, kbId, model, dims, k];
  const cast = dims >= 1 && dims <= 2000 ? `::vector(${dims})` : '';
  const filters = filterSql(f, params, 'c');
  const r = await c.query<Row>(
    `select c.id, c.source_id, c.text, c.meta, c.chunk_index, s.name as source_name,
            1 - (e.embedding${cast} <=> $1${cast || '::vector'}) as score
       from ai.embeddings e
       join ai.chunks c on c.id = e.item_id
       left join ai.sources s on s.id = c.source_id
      where e.dims = $4 and e.knowledge_base_id = $2 and e.item_table = 'chunks' and e.embedding_model = $3${filters}
      order by e.embedding${cast} <=> $1${cast || '::vector'}
      limit $5`, params);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) })).filter((x) => x.score >= threshold).sort((a, b) => b.score - a.score);
}

/** A lexeme as a tsquery operand (quoted; quotes doubled, backslashes escaped). */
const operand = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Documents counted per term, capped: past DF_CAP a term is common and its idf small (see README). */
export const DF_CAP = 300;
/** Candidates come from the rarest terms (highest idf) until about this many documents match them. */
export const CANDIDATE_BUDGET = 400;

export async function fullTextQuery(c: pg.PoolClient, kbId: string, query: string, k: number, corpus: { n: number; avgdl: number }, f: Filters): Promise<Row[]> {
  const terms = (await c.query<{ terms: string[] }>(
    `select coalesce(array(select distinct t from unnest(tsvector_to_array(to_tsvector('english', $1))) as t order by t), '{}') as terms`, [query])).rows[0].terms;
  if (!terms.length) return [];
  const df = await documentFrequencies(c, kbId, terms, corpus.n, operand, DF_CAP);
  // MaxScore-like pruning: a document none of the rare terms match can only score on common (low-idf)
  // terms, so candidates are the documents matching the rarest terms, ts_rank-ordered, then BM25-scored.
  const order = terms.map((t, i) => i).sort((a, b) => df[a] - df[b]);
  const pick: string[] = [];
  let matched = 0;
  for (const i of order) {
    if (pick.length && matched + df[i] > CANDIDATE_BUDGET) break;
    pick.push(terms[i]);
    matched += df[i];
  }
  const params: unknown[] = [pick.map(operand).join(' | '), kbId, Math.max(k * 10, 100), Math.max(corpus.n, 1), Math.max(corpus.avgdl, 1), k, terms, df];
  const filters = filterSql(f, params, 'c');
  const r = await c.query<Row>(
    `with cand as materialized (
            select m.id, m.fts, m.dl from (
              select c.id, c.fts, coalesce(c.tokens::float8, $5::float8) as dl from ai.chunks c
               where c.knowledge_base_id = $2 and c.fts @@ $1::tsquery${filters} limit ${CANDIDATE_BUDGET}) m
             order by ts_rank(m.fts, $1::tsquery) desc limit $3),
          df as materialized (select t, n from unnest($7::text[], $8::int[]) as d(t, n)),
          scored as (
            select cand.id, sum(ln(1 + ($4::float8 - df.n + 0.5) / (df.n + 0.5)) * tf.f * 2.2 / (tf.f + 1.2 * (0.25 + 0.75 * cand.dl / $5::float8))) as score
              from cand cross join df
              cross join lateral (select coalesce((select array_length(u.positions, 1) from unnest(cand.fts) u where u.lexeme = df.t), 0) as f) tf
             where tf.f > 0
             group by cand.id
             order by score desc limit $6)
     select c.id, c.source_id, c.text, c.meta, c.chunk_index, s.name as source_name, scored.score
       from scored join ai.chunks c on c.id = scored.id left join ai.sources s on s.id = c.source_id
      order by scored.score desc, c.id`, params);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) }));
}

/** Weighted reciprocal rank fusion (rank from 1), normalised so the best item scores 1. */
export function rrf(lists: { rows: Row[]; weight: number }[], k = 60): (Row & { ranks: Record<number, number> })[] {
  const acc = new Map<string, Row & { ranks: Record<number, number>; fused: number }>();
  lists.forEach(({ rows, weight }, li) => rows.forEach((row, i) => {
    const cur = acc.get(row.id) ?? { ...row, ranks: {}, fused: 0 };
    cur.fused += weight / (k + i + 1);
    cur.ranks[li] = i + 1;
    acc.set(row.id, cur);
  }));
  const all = [...acc.values()].sort((a, b) => b.fused - a.fused || a.id.localeCompare(b.id));
  const top = all[0]?.fused || 1;
  return all.map(({ fused, ...r }) => ({ ...r, score: fused / top }));
}
