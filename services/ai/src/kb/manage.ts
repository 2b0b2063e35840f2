// Knowledge bases: create, list, get (with its indexed sources, counts, drift), patch, delete.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { parsePaging, parseUuid } from '../sources/validate.ts';
import { mergeIndexingConfig, mergeRetrievalConfig, type Strategy } from './config.ts';
import { llmCheck } from './strategies/availability.ts';

export interface KbRow {
  id: string; name: string; description: string | null;
  indexing_config: Record<string, unknown>; retrieval_config: Record<string, unknown>;
  created_at: Date; updated_at: Date;
}

const COUNTS = `(select jsonb_build_object(
    'pending', count(*) filter (where index_status = 'pending'), 'indexing', count(*) filter (where index_status = 'indexing'),
    'indexed', count(*) filter (where index_status = 'indexed'), 'failed', count(*) filter (where index_status = 'failed'),
    'cancelled', count(*) filter (where index_status = 'cancelled'), 'total', count(*))
  from ai.indexed_sources i where i.knowledge_base_id = kb.id) as source_counts`;

export async function getKbRow(ctx: AiContext, id: string): Promise<KbRow> {
  const r = await ctx.db.query<KbRow>('select * from ai.knowledge_bases where id = $1', [parseUuid(id, 'knowledge_base_not_found')]);
  if (!r.rows[0]) throw raise('knowledge_base_not_found');
  return r.rows[0];
}

function str(v: unknown, name: string, required: boolean): string | null | undefined {
  if (v === undefined) { if (required) throw raise('invalid_request', `${name} is required`); return undefined; }
  if (v === null && !required) return null;
  if (typeof v !== 'string' || (required && !v.trim())) throw raise('invalid_request', `${name} must be a${required ? ' non-empty' : ''} string`);
  return v.trim();
}

const bm25 = (kb: KbRow) => (['hybrid', 'full_text'].includes(String(kb.retrieval_config?.method)) ? { bm25_status: 'ready' } : {});

export async function createKb(ctx: AiContext, body: Record<string, unknown>) {
  const name = str(body.name, 'name', true)!.slice(0, 255);
  const description = str(body.description, 'description', false) ?? null;
  const s = await ctx.settings.snapshot();
  const llm = await llmCheck(ctx);
  const indexing = mergeIndexingConfig(body.indexing_config, s, undefined, llm);
  const retrieval = mergeRetrievalConfig(body.retrieval_config, indexing.strategy as Strategy, s, undefined, llm);
  const r = await ctx.db.query<KbRow>(
    'insert into ai.knowledge_bases (name, description, indexing_config, retrieval_config) values ($1, $2, $3, $4) returning *',
    [name, description, JSON.stringify(indexing), JSON.stringify(retrieval)]);
  const kb = r.rows[0];
  return { id: kb.id, name: kb.name, description: kb.description, indexing_config: kb.indexing_config, retrieval_config: kb.retrieval_config, created_at: kb.created_at, updated_at: kb.updated_at };
}

export async function listKbs(ctx: AiContext, q: Record<string, unknown>) {
  const { limit, offset } = parsePaging(q, { defaultLimit: 50, maxLimit: 200 });
  const sort = q.sort === undefined || q.sort === '' ? 'created_at' : String(q.sort);
  if (!['created_at', 'name', 'updated_at'].includes(sort)) throw raise('invalid_request', 'sort must be created_at, name or updated_at');
  const order = q.order === undefined || q.order === '' ? 'desc' : String(q.order).toLowerCase();
  if (!['asc', 'desc'].includes(order)) throw raise('invalid_request', 'order must be asc or desc');
  const params: unknown[] = [];
  let where = '';
  if (typeof q.q === 'string' && q.q.trim()) {
    params.push(`%${q.q.trim().slice(0, 200).replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where = 'where kb.name ilike $1';
  }
  const r = await ctx.db.query<KbRow & { source_counts: unknown; chunk_count: string; total: string }>(
    `select kb.*, ${COUNTS}, (select count(*) from ai.chunks c where c.knowledge_base_id = kb.id) as chunk_count, count(*) over () as total
       from ai.knowledge_bases kb ${where} order by kb.${sort} ${order}, kb.id ${order} limit ${limit} offset ${offset}`, params);
  const total = r.rows[0] ? Number(r.rows[0].total) : 0;
  return {
    knowledge_bases: r.rows.map(({ total: _t, chunk_count, ...kb }) => ({ ...kb, chunk_count: Number(chunk_count), enrichment_status: 'none', enrichment_progress: null })),
    total, limit, offset,
  };
}

function drift(kb: KbRow, snapshots: (Record<string, unknown> | null)[]): 'none' | 'full' {
  const keys = ['strategy', 'chunk_size', 'overlap', 'embedding_model'];
  return snapshots.some((s) => s && keys.some((k) => JSON.stringify(s[k]) !== JSON.stringify(kb.indexing_config[k]))) ? 'full' : 'none';
}

export async function getKb(ctx: AiContext, id: string) {
  const kb = await getKbRow(ctx, id);
  const r = await ctx.db.query(
    `select i.id, i.source_id, i.index_status, i.indexed_at, i.stats, i.error_message, i.attempts, i.indexing_config_snapshot, i.created_at,
            s.name as source_name, s.file_type
       from ai.indexed_sources i left join ai.sources s on s.id = i.source_id
      where i.knowledge_base_id = $1 order by i.created_at desc, i.id`, [kb.id]);
  const counts = { pending: 0, indexing: 0, indexed: 0, failed: 0, cancelled: 0, total: r.rows.length } as Record<string, number>;
  for (const x of r.rows) counts[x.index_status]++;
  return {
    ...kb, source_counts: counts, drift: drift(kb, r.rows.filter((x) => x.index_status === 'indexed').map((x) => x.indexing_config_snapshot)), ...bm25(kb),
    indexed_sources: r.rows.map(({ indexing_config_snapshot: _s, ...x }) => x),
  };
}

export async function patchKb(ctx: AiContext, id: string, body: Record<string, unknown>) {
  const kb = await getKbRow(ctx, id);
  const s = await ctx.settings.snapshot();
  const name = str(body.name, 'name', false);
  if (name === null) throw raise('invalid_request', 'name must be a non-empty string');
  const description = str(body.description, 'description', false);
  const llm = await llmCheck(ctx);
  const indexing = body.indexing_config === undefined ? kb.indexing_config : mergeIndexingConfig(body.indexing_config, s, kb.indexing_config, llm);
  const strategyChanged = indexing.strategy !== kb.indexing_config.strategy;
  const retrieval = body.retrieval_config === undefined && !strategyChanged ? kb.retrieval_config
    : mergeRetrievalConfig(body.retrieval_config, indexing.strategy as Strategy, s, strategyChanged ? undefined : kb.retrieval_config, llm);
  const r = await ctx.db.query<KbRow>(
    `update ai.knowledge_bases set name = coalesce($2, name), description = case when $3::boolean then $4 else description end,
            indexing_config = $5, retrieval_config = $6 where id = $1 returning *`,
    [kb.id, name ?? null, description !== undefined, description ?? null, JSON.stringify(indexing), JSON.stringify(retrieval)]);
  return getKb(ctx, r.rows[0].id);
}

export async function deleteKb(ctx: AiContext, id: string) {
  const kb = await getKbRow(ctx, id);
  await ctx.db.tx(async (c) => {
    const ids = await c.query<{ id: string }>('select id from ai.indexed_sources where knowledge_base_id = $1', [kb.id]);
    for (const x of ids.rows) await ctx.queue.cancelByRef(x.id, c);
    await c.query('delete from ai.knowledge_bases where id = $1', [kb.id]);
  });
  return { message: 'Knowledge base deleted', id: kb.id };
}
