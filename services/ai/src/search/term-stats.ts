// Document frequencies for BM25 without counting common terms: Postgres' statistics on ai.chunks.fts
// (most_common_elems and their frequencies, from ANALYZE) give the share of chunks holding a common
// lexeme; only the other (rarer, cheap) terms are counted, up to a cap. Cached per process for a minute.
// Used by the serial (benchmark baseline) queries; the search statement reads the same statistics itself.
import type pg from 'pg';

interface Mce { at: number; freq: Map<string, number> }
let cache: Mce | null = null;
const TTL_MS = 60_000;

async function mostCommon(c: pg.PoolClient): Promise<Map<string, number>> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.freq;
  const r = await c.query<{ elems: string[] | null; freqs: number[] | null }>(
    `select most_common_elems::text::text[] as elems, most_common_elem_freqs::float8[] as freqs
       from pg_stats where schemaname = 'ai' and tablename = 'chunks' and attname = 'fts'`);
  const freq = new Map<string, number>();
  const row = r.rows[0];
  if (row?.elems && row.freqs) row.elems.forEach((e, i) => freq.set(e, row.freqs![i]));
  cache = { at: Date.now(), freq };
  return freq;
}

function minFreq(m: Map<string, number>): number {
  let min = Infinity;
  for (const f of m.values()) if (f < min) min = f;
  return Number.isFinite(min) ? min : 0;
}

/** Forget cached statistics (after ANALYZE). */
export function resetTermStats(): void {
  cache = null;
}

/** df per term for a KB of `n` chunks: estimated from statistics for common terms, counted (capped) otherwise. */
export async function documentFrequencies(c: pg.PoolClient, kbId: string, terms: string[], n: number, operand: (t: string) => string, cap: number): Promise<number[]> {
  const mce = await mostCommon(c);
  const out: number[] = [];
  for (const t of terms) {
    const f = mce.get(t);
    if (f !== undefined) { out.push(Math.max(1, Math.round(f * n))); continue; }
    const r = await c.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from ai.chunks where knowledge_base_id = $1 and fts @@ $2::tsquery limit ${cap}) x`, [kbId, operand(t)]);
    const counted = r.rows[0].n;
    // at the cap the term is commoner than we counted but rarer than the tracked common ones
    out.push(counted < cap ? counted : Math.max(cap, Math.round(minFreq(mce) * n)));
  }
  return out;
}
