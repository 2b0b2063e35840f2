// A knowledge base's sources: add (async indexing), list, cancel, remove, reindex, items, build-bm25.
import type { AiContext } from '../context.ts';
import { JOB_INDEX } from '../context.ts';
import { raise } from '../errors.ts';
import { parsePaging, parseUuid } from '../sources/validate.ts';
import { getKbRow } from './manage.ts';
import type { Strategy } from './config.ts';
import { strategyItems } from './strategies/items.ts';

const INDEXABLE = new Set(['extracted', 'attention_required']);
const INDEX_STATUSES = ['pending', 'indexing', 'indexed', 'failed', 'cancelled'];

/** (Re)queues indexed sources: status pending, attempts reset, a fresh job each. */
async function dispatch(ctx: AiContext, c: Parameters<Parameters<AiContext['db']['tx']>[0]>[0], ids: string[]): Promise<string[]> {
  const jobs: string[] = [];
  for (const id of ids) {
    await ctx.queue.cancelByRef(id, c);
    const job = await ctx.queue.enqueue(JOB_INDEX, { ref: id }, { client: c });
    await c.query(`update ai.indexed_sources set index_status = 'pending', attempts = 0, error_message = null, celery_task_id = $2,
                          last_dispatched_at = now() where id = $1`, [id, job]);
    jobs.push(job);
  }
  return jobs;
}

export async function addSource(ctx: AiContext, kbId: string, body: Record<string, unknown>) {
  const kb = await getKbRow(ctx, kbId);
  if (typeof body.source_id !== 'string') throw raise('invalid_request', 'source_id is required');
  const src = await ctx.db.query<{ id: string; name: string; extraction_status: string }>(
    'select id, name, extraction_status from ai.sources where id = $1', [parseUuid(body.source_id, 'source_not_found')]);
  if (!src.rows[0]) throw raise('source_not_found');
  const s = src.rows[0];
  if (!INDEXABLE.has(s.extraction_status)) {
    throw raise('source_not_indexable', `Source is not indexable yet: its extraction_status is '${s.extraction_status}' (wait for extracted or attention_required)`);
  }
  const out = await ctx.db.tx(async (c) => {
    const r = await c.query<{ id: string }>(
      `insert into ai.indexed_sources (knowledge_base_id, source_id) values ($1, $2)
       on conflict (knowledge_base_id, source_id) do update set index_status = 'pending' returning id`, [kb.id, s.id]);
    const [job] = await dispatch(ctx, c, [r.rows[0].id]);
    return { id: r.rows[0].id, job };
  });
  ctx.poke();
  return { id: out.id, knowledge_base_id: kb.id, source_id: s.id, source_name: s.name, index_status: 'pending', task_id: out.job };
}

export async function listKbSources(ctx: AiContext, kbId: string, q: Record<string, unknown>) {
  const kb = await getKbRow(ctx, kbId);
  const { limit, offset } = parsePaging(q, { defaultLimit: 50, maxLimit: 200 });
  const params: unknown[] = [kb.id];
  const where = ['i.knowledge_base_id = $1'];
  if (q.status !== undefined && q.status !== '') {
    if (!INDEX_STATUSES.includes(String(q.status))) throw raise('invalid_request', `status must be one of ${INDEX_STATUSES.join(', ')}`);
    params.push(q.status);
    where.push(`i.index_status = $${params.length}`);
  }
  if (typeof q.q === 'string' && q.q.trim()) {
    params.push(`%${q.q.trim().slice(0, 200).replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`s.name ilike $${params.length}`);
  }
  if (q.sort !== undefined && q.sort !== '' && !['name', 'created_at'].includes(String(q.sort))) throw raise('invalid_request', 'sort must be name or created_at');
  const order = q.order === undefined || q.order === '' ? 'desc' : String(q.order).toLowerCase();
  if (!['asc', 'desc'].includes(order)) throw raise('invalid_request', 'order must be asc or desc');
  const orderBy = q.sort === 'name' ? `s.name ${order}, i.id` : q.sort === 'created_at' ? `i.created_at ${order}, i.id`
    : `(i.index_status = 'failed') desc, i.created_at ${order}, i.id`;
  const r = await ctx.db.query(
    `select i.id, i.source_id, i.index_status, i.indexed_at, i.stats, i.error_message, s.name as source_name, s.file_type,
            s.created_at as source_created_at, count(*) over () as total
       from ai.indexed_sources i left join ai.sources s on s.id = i.source_id
      where ${where.join(' and ')} order by ${orderBy} limit ${limit} offset ${offset}`, params);
  const total = r.rows[0] ? Number(r.rows[0].total) : 0;
  return { items: r.rows.map(({ total: _t, ...x }) => x), total, limit, offset };
}

async function indexedSource(ctx: AiContext, kbId: string, isId: string) {
  const kb = await getKbRow(ctx, kbId);
  const r = await ctx.db.query<{ id: string; index_status: string }>('select id, index_status from ai.indexed_sources where id = $1 and knowledge_base_id = $2',
    [parseUuid(isId, 'indexed_source_not_found'), kb.id]);
  if (!r.rows[0]) throw raise('indexed_source_not_found');
  return { kb, is: r.rows[0] };
}

export async function cancelKbSource(ctx: AiContext, kbId: string, isId: string) {
  const { is } = await indexedSource(ctx, kbId, isId);
  const n = await ctx.db.tx(async (c) => {
    const r = await c.query(`update ai.indexed_sources set index_status = 'cancelled', error_message = 'Cancelled by user'
                              where id = $1 and index_status in ('pending', 'indexing')`, [is.id]);
    if (r.rowCount) await ctx.queue.cancelByRef(is.id, c);
    return r.rowCount;
  });
  if (!n) throw raise('invalid_state', `Cannot cancel indexing with status '${is.index_status}'`);
  return { message: 'Indexing cancelled', id: is.id, index_status: 'cancelled' };
}

/** Unlinks the source; its chunks and embeddings go with the row (cascade). */
export async function removeKbSource(ctx: AiContext, kbId: string, isId: string) {
  const { kb, is } = await indexedSource(ctx, kbId, isId);
  await ctx.db.tx(async (c) => {
    await ctx.queue.cancelByRef(is.id, c);
    await c.query('delete from ai.indexed_sources where id = $1', [is.id]);
  });
  return { message: 'Source removed from knowledge base', deleted_indexed_source_id: is.id, kb_id: kb.id };
}

export async function reindexKb(ctx: AiContext, kbId: string, body: Record<string, unknown>) {
  const kb = await getKbRow(ctx, kbId);
  let scope: 'all' | 'selected' | 'failed_only' = 'all';
  let ids: string[];
  if (body.indexed_source_ids !== undefined) {
    if (!Array.isArray(body.indexed_source_ids) || body.indexed_source_ids.some((x) => typeof x !== 'string')) throw raise('invalid_request', 'indexed_source_ids must be an array of ids');
    scope = 'selected';
    const wanted = (body.indexed_source_ids as string[]).map((x) => parseUuid(x, 'indexed_source_not_found'));
    const r = await ctx.db.query<{ id: string }>('select id from ai.indexed_sources where knowledge_base_id = $1 and id = any($2::uuid[])', [kb.id, wanted]);
    if (r.rows.length !== new Set(wanted).size) throw raise('indexed_source_not_found', 'Some indexed_source_ids do not belong to this knowledge base');
    ids = r.rows.map((x) => x.id);
  } else {
    if (body.failed_only === true) scope = 'failed_only';
    const r = await ctx.db.query<{ id: string }>(`select id from ai.indexed_sources where knowledge_base_id = $1 ${scope === 'failed_only' ? "and index_status = 'failed'" : ''}`, [kb.id]);
    ids = r.rows.map((x) => x.id);
  }
  if (!ids.length) return { status: 'noop', knowledge_base_id: kb.id, count: 0, scope };
  const jobs = await ctx.db.tx((c) => dispatch(ctx, c, ids));
  ctx.poke();
  return { status: 'started', task_ids: jobs, knowledge_base_id: kb.id, count: jobs.length, scope };
}

export async function kbItems(ctx: AiContext, kbId: string, body: Record<string, unknown>) {
  const kb = await getKbRow(ctx, kbId);
  if (!Array.isArray(body.source_ids) || !body.source_ids.length || body.source_ids.some((x) => typeof x !== 'string')) {
    throw raise('invalid_request', 'source_ids must be a non-empty array of source ids');
  }
  const ids = (body.source_ids as string[]).map((x) => parseUuid(x, 'source_not_found'));
  const { limit, offset } = parsePaging({ limit: body.limit, offset: body.offset }, { defaultLimit: 1000, maxLimit: 10000 });
  if (kb.indexing_config.strategy !== 'chunk_embed') {
    const { items, total } = await strategyItems(ctx, kb.id, kb.indexing_config.strategy as Strategy, ids, limit, offset);
    return { items, total, strategy: kb.indexing_config.strategy, source_ids: ids, limit, offset };
  }
  const r = await ctx.db.query(
    `select id, source_id, indexed_source_id, text, meta, chunk_index, start_char, end_char, tokens, count(*) over () as total
       from ai.chunks where knowledge_base_id = $1 and source_id = any($2::uuid[])
      order by source_id, chunk_index limit ${limit} offset ${offset}`, [kb.id, ids]);
  const total = r.rows[0] ? Number(r.rows[0].total) : 0;
  return { items: r.rows.map(({ total: _t, ...x }) => x), total, strategy: kb.indexing_config.strategy, source_ids: ids, limit, offset };
}

/** The full-text index is kept by Postgres as chunks are written; this refreshes the planner's statistics. */
export async function buildBm25(ctx: AiContext, kbId: string) {
  const kb = await getKbRow(ctx, kbId);
  if (!['hybrid', 'full_text'].includes(String(kb.retrieval_config.method))) {
    throw raise('invalid_request', `build-bm25 applies to knowledge bases searched with hybrid or full_text (this one uses ${kb.retrieval_config.method})`);
  }
  const job = await ctx.queue.enqueue('build_bm25', { ref: kb.id });
  ctx.poke();
  return { task_id: job, knowledge_base_id: kb.id };
}
