// The SQL of retrieval, each run inside the search transaction (search_path and HNSW knobs set local):
// vector (pgvector cosine over the per-dimension HNSW index), full text (OR of the query's English
// lexemes, ts_rank prefilter, then Okapi BM25 with k1 1.2 and b 0.75 over the candidates). retrieve() is
// what the search route runs: the same, and hybrid's fusion, in one prepared statement; for hybrid the route
// first ranks the full-text list alone (fullTextRanks(), while the query is embedded) and hands it to
// retrieve() as `ftRanks`. The serial functions stay as the benchmark's baseline.
import type pg from 'pg';
import { createHash } from 'node:crypto';
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

// ---------- one statement per search ----------
// The multi-round-trip queries above (terms, then one count per rare term, then the ranking, and for
// hybrid the vector query before all that) cost a round trip each on PGlite's single session; retrieve()
// sends one statement: corpus statistics, the query's lexemes, their document frequencies (planner
// statistics for common lexemes, read from pg_stats in the statement, capped counts for the others), the
// candidate pick, BM25, the vector list and the weighted RRF, all as CTEs. Same scores and order as the
// functions above. BM25 reads a candidate's term frequencies from its tsvector cut down to the query's
// lexemes in C (setweight marks them, ts_filter keeps them): unnesting the whole tsvector (~70 lexemes a
// chunk) cost ~40% of the statement.

export type RetrievalMethod = 'vector_search' | 'full_text' | 'hybrid';
export interface RetrieveSpec {
  method: RetrievalMethod;
  kbId: string;
  /** Results of a single method, or the length of each list that hybrid fuses. */
  k: number;
  vector?: { literal: string; dims: number; model: string; threshold: number };
  text?: string;
  /** Hybrid: weight of the vector list (full text gets 1 − weight). */
  weight?: number;
  filters: Filters;
  /** Hybrid: the full-text list already ranked (fullTextRanks()), so this statement runs only the vector list and the fusion. */
  ftRanks?: FullTextRanks;
}
export interface FullTextRanks { ids: string[]; ranks: number[] }
export interface RetrievedRow extends Row { vector_rank: number | null; bm25_rank: number | null }

const OP_SQL = (col: string) => `('''' || replace(replace(${col}, '\\', '\\\\'), '''', '''''') || '''')`;

/** Limits are inline (integers): a generic plan with `limit $n` guesses 10% of the rows and may skip the index. */
function limitOf(s: RetrieveSpec): number {
  if (!Number.isInteger(s.k) || s.k < 1) throw new Error(`bad limit ${s.k}`);
  return s.k;
}

function vectorCtes(s: RetrieveSpec, p: unknown[]): string {
  const v = s.vector!;
  const cast = v.dims >= 1 && v.dims <= 2000 ? `::vector(${v.dims})` : '';
  // dims inline (an integer), so that a generic plan of the prepared statement still matches the partial HNSW index
  if (!Number.isInteger(v.dims) || v.dims < 1) throw new Error(`bad vector dimension ${v.dims}`);
  p.push(v.literal, v.model, v.threshold);
  const [vec, model, thr] = [p.length - 2, p.length - 1, p.length].map((i) => `$${i}`);
  const dims = String(v.dims);
  const k = limitOf(s);
  const filters = filterSql(s.filters, p, 'c');
  return `vec_hits as materialized (
      select e.item_id as id, (e.embedding${cast} <=> ${vec}${cast || '::vector'}) as dist
        from ai.embeddings e join ai.chunks c on c.id = e.item_id
       where e.dims = ${dims} and e.knowledge_base_id = $1 and e.item_table = 'chunks' and e.embedding_model = ${model}${filters}
       order by e.embedding${cast} <=> ${vec}${cast || '::vector'} limit ${k}),
    vec as (select id, 1 - dist as score, row_number() over (order by dist, id) as rank from vec_hits where 1 - dist >= ${thr}::float8)`;
}

function fullTextCtes(s: RetrieveSpec, p: unknown[]): string {
  p.push(s.text ?? '');
  const q = `$${p.length}`;
  const filters = filterSql(s.filters, p, 'c');
  // common lexemes' shares from the planner statistics, read here: sent as two 1000-element array parameters
  // they cost ~2 ms a search to serialise and parse, and their unnest and join ~1 ms more
  return `corpus as (
      select coalesce(sum((stats->>'artifact_count')::bigint), 0)::float8 as n,
             coalesce(sum((stats->>'total_tokens')::bigint)::float8 / nullif(sum((stats->>'artifact_count')::bigint), 0), 1) as avgdl
        from ai.indexed_sources where knowledge_base_id = $1 and index_status = 'indexed'),
    terms as (select distinct t from unnest(tsvector_to_array(to_tsvector('english', ${q}))) as t),
    mce as materialized (
      select most_common_elems::text::text[] as e, most_common_elem_freqs as f
        from pg_catalog.pg_stats where schemaname = 'ai' and tablename = 'chunks' and attname = 'fts'),
    df as materialized (
      select t.t, case when m.f is not null then greatest(1, round(m.f * corpus.n))
        else (select case when x.cnt < ${DF_CAP} then x.cnt
                          else greatest(${DF_CAP}, round(coalesce(m.min_f, 0) * corpus.n)) end
                from (select count(*)::float8 as cnt from (select 1 from ai.chunks c2 where c2.knowledge_base_id = $1
                        and c2.fts @@ ${OP_SQL('t.t')}::tsquery limit ${DF_CAP}) y) x) end as n
        from terms t cross join corpus
        -- most_common_elem_freqs: one share per element, then their minimum, maximum and the null share
        left join lateral (select mce.f[array_position(mce.e, t.t)] as f, mce.f[cardinality(mce.e) + 1] as min_f from mce) m on true),
    picked as (select t, sum(n) over (order by n, t rows unbounded preceding) as cum, row_number() over (order by n, t) as rn from df),
    pick as (select string_agg(${OP_SQL('t')}, ' | ' order by rn)::tsquery as q from picked where rn = 1 or cum <= ${CANDIDATE_BUDGET}),
    cand as materialized (
      select m.id, m.fts, m.dl from (
        select c.id, c.fts, coalesce(c.tokens::float8, (select greatest(avgdl, 1) from corpus)) as dl from ai.chunks c
         where c.knowledge_base_id = $1 and c.fts @@ (select q from pick)${filters} limit ${CANDIDATE_BUDGET}) m
       order by ts_rank(m.fts, (select q from pick)) desc limit ${Math.max(limitOf(s) * 10, 100)}),
    scored as (
      select cand.id, sum(ln(1 + (greatest(corpus.n, 1) - df.n + 0.5) / (df.n + 0.5)) * tf.f * 2.2
                         / (tf.f + 1.2 * (0.25 + 0.75 * cand.dl / greatest(corpus.avgdl, 1)))) as score
        from cand cross join lateral unnest(ts_filter(setweight(setweight(cand.fts, 'D'), 'A', (select array_agg(t) from df)), '{a}')) as u
        join df on df.t = u.lexeme cross join corpus
        cross join lateral (select coalesce(array_length(u.positions, 1), 0)::float8 as f) tf
       where tf.f > 0
       group by cand.id
       order by score desc, cand.id limit ${limitOf(s)}),
    ft as (select id, score, row_number() over (order by score desc, id) as rank from scored)`;
}

/** The SQL and parameters of one search (run inside the search transaction). */
export function retrievalSql(s: RetrieveSpec): { sql: string; params: unknown[] } {
  const p: unknown[] = [s.kbId];
  const ctes: string[] = [];
  if (s.method !== 'full_text') ctes.push(vectorCtes(s, p));
  if (s.method === 'hybrid' && s.ftRanks) {
    p.push(s.ftRanks.ids, s.ftRanks.ranks);
    ctes.push(`ft as (select id, rank from unnest($${p.length - 1}::uuid[], $${p.length}::bigint[]) as f(id, rank))`);
  } else if (s.method !== 'vector_search') ctes.push(fullTextCtes(s, p));
  const cols = 'c.id, c.source_id, c.text, c.meta, c.chunk_index, s.name as source_name';
  const join = 'join ai.chunks c on c.id = h.id left join ai.sources s on s.id = c.source_id';
  let tail: string;
  if (s.method === 'vector_search') tail = `select ${cols}, h.score, h.rank as vector_rank, null::bigint as bm25_rank from vec h ${join} order by h.rank`;
  else if (s.method === 'full_text') tail = `select ${cols}, h.score, null::bigint as vector_rank, h.rank as bm25_rank from ft h ${join} order by h.rank`;
  else {
    p.push(s.weight ?? 0.5);
    const w = `$${p.length}::float8`;
    ctes.push(`fused as (
      select id, sum(w / (60 + rank)) as fused, min(rank) filter (where l = 0) as vector_rank, min(rank) filter (where l = 1) as bm25_rank
        from (select id, rank, ${w} as w, 0 as l from vec union all select id, rank, 1 - ${w}, 1 from ft) u group by id)`);
    tail = `select ${cols}, h.fused / coalesce(nullif(max(h.fused) over (), 0), 1) as score, h.vector_rank, h.bm25_rank
      from fused h ${join} order by h.fused desc, c.id`;
  }
  return { sql: `with ${ctes.join(',\n    ')}\n${tail}`, params: p };
}

/** Hybrid's first step, which needs no query vector: the full-text list as ids and ranks, for `ftRanks`. */
export function fullTextRanksSql(s: RetrieveSpec): { sql: string; params: unknown[] } {
  const p: unknown[] = [s.kbId];
  return { sql: `with ${fullTextCtes(s, p)}\nselect coalesce(array_agg(id::text order by rank), '{}') as ids, coalesce(array_agg(rank::int order by rank), '{}') as ranks from ft`, params: p };
}

// Prepared per pool client (a name unique to the client: PGlite's one session is shared by every client),
// so the planner's work on this large statement is done once per shape, not per search.
let nextClient = 1;
const clients = new WeakMap<object, { id: number; names: Set<string> }>();
const MAX_NAMES = 64;

function statementName(c: object, sql: string): string | undefined {
  let s = clients.get(c);
  if (!s) clients.set(c, (s = { id: nextClient++, names: new Set() }));
  const name = `ai_search_${s.id}_${createHash('sha1').update(sql).digest('base64url').slice(0, 16)}`;
  if (s.names.has(name) || s.names.size < MAX_NAMES) { s.names.add(name); return name; }
  return undefined;
}

async function prepared<T extends pg.QueryResultRow>(c: pg.PoolClient, q: { sql: string; params: unknown[] }): Promise<T[]> {
  return (await c.query<T>({ name: statementName(c, q.sql), text: q.sql, values: q.params })).rows;
}

/** The full-text list of a hybrid search (run while the query is being embedded); see RetrieveSpec.ftRanks. */
export async function fullTextRanks(c: pg.PoolClient, s: RetrieveSpec): Promise<FullTextRanks> {
  const [row] = await prepared<FullTextRanks>(c, fullTextRanksSql(s));
  return { ids: row.ids, ranks: row.ranks };
}

export async function retrieve(c: pg.PoolClient, s: RetrieveSpec): Promise<RetrievedRow[]> {
  return (await prepared<RetrievedRow>(c, retrievalSql(s))).map((x) => ({
    ...x, score: Number(x.score),
    vector_rank: x.vector_rank === null ? null : Number(x.vector_rank), bm25_rank: x.bm25_rank === null ? null : Number(x.bm25_rank),
  }));
}
