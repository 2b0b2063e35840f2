// tree_search over page_index trees: phase 1 (more than one document) the retrieval model picks documents
// from compact summaries (ids d0, d1…); phase 2 it picks up to top_k sections from their outlines (ids
// d0:0001…). Answers are parsed as JSON, else by regex, and every id is checked against the real ones.
// Score = max(0, 1 − 0.02·doc_rank − 0.05·node_rank).
import type { AiContext } from '../../context.ts';
import { Llm } from './llm.ts';
import { PROMPTS } from './prompts.ts';
import type { ItemFilters, ItemRow } from './search-items.ts';
import { outline, type StructureNode } from './tree.ts';

interface Toc { id: string; source_id: string; doc_name: string | null; doc_description: string | null; structure: StructureNode[] }

function idsFrom(answer: unknown, raw: string, pattern: RegExp): string[] {
  const list = Array.isArray(answer) ? answer : Array.isArray((answer as { ids?: unknown })?.ids) ? (answer as { ids: unknown[] }).ids : null;
  const found = list ? list.map((x) => String(x).trim()) : [...raw.matchAll(pattern)].map((m) => m[0]);
  return [...new Set(found)];
}

async function pickDocuments(llm: Llm, query: string, tocs: Toc[], signal?: AbortSignal): Promise<number[]> {
  if (tocs.length === 1) return [0];
  const docs = tocs.map((t, i) => `d${i}: ${t.doc_name ?? 'untitled'} — ${(t.doc_description ?? '').replace(/\s+/g, ' ').slice(0, 500)} — sections: ${t.structure.map((n) => n.title).slice(0, 20).join('; ')}`).join('\n');
  const raw = await llm.text({ system: PROMPTS.selectDocuments, user: `Question: ${query}\n\nDocuments:\n${docs}`, temperature: 0, maxTokens: 300, signal });
  const picked = idsFrom(parse(raw), raw, /d\d+/g).map((x) => /^d(\d+)$/.exec(x)?.[1]).filter((x): x is string => x !== undefined)
    .map(Number).filter((i) => i < tocs.length);
  return picked.length ? [...new Set(picked)] : tocs.map((_, i) => i);
}

function parse(raw: string): unknown {
  try { return JSON.parse(raw.replace(/^```(?:json)?\s*|```\s*$/g, '').trim()); } catch { return undefined; }
}

function allIds(nodes: StructureNode[], out: string[] = []): string[] {
  for (const n of nodes) { out.push(n.node_id); allIds(n.nodes, out); }
  return out;
}

async function pickSections(llm: Llm, query: string, tocs: Toc[], docs: number[], topK: number, signal?: AbortSignal): Promise<Array<{ doc: number; node: string }>> {
  const outlines = docs.map((d) => `Document d${d}: ${tocs[d].doc_name ?? 'untitled'}\n${outline(tocs[d].structure, `d${d}:`)}`).join('\n\n');
  const raw = await llm.text({ system: PROMPTS.selectSections, user: `Question: ${query}\n\nPick at most ${topK} sections.\n\n${outlines}`, temperature: 0, maxTokens: 500, signal });
  const real = new Map(docs.map((d) => [d, new Set(allIds(tocs[d].structure))]));
  let ids = idsFrom(parse(raw), raw, /d\d+:\d{4}/g);
  if (!ids.length) ids = [...raw.matchAll(/\b\d{4}\b/g)].map((m) => m[0]);
  const out: Array<{ doc: number; node: string }> = [];
  for (const id of ids) {
    const m = /^d(\d+):(\d{1,4})$/.exec(id);
    const plain = /^\d{1,4}$/.test(id) ? id.padStart(4, '0') : null;
    const hit = m ? { doc: Number(m[1]), node: m[2].padStart(4, '0') } : plain ? { doc: docs.find((d) => real.get(d)!.has(plain)) ?? -1, node: plain } : null;
    if (hit && real.get(hit.doc)?.has(hit.node) && !out.some((o) => o.doc === hit.doc && o.node === hit.node)) out.push(hit);
  }
  return out.slice(0, topK);
}

export async function treeSearch(ctx: AiContext, kbId: string, query: string, model: string, topK: number, f: ItemFilters, signal?: AbortSignal): Promise<ItemRow[]> {
  const params: unknown[] = [kbId];
  if (f.sourceIds?.length) params.push(f.sourceIds);
  const tocs = (await ctx.db.query<Toc>(
    `select id, source_id, doc_name, doc_description, structure from ai.page_index_toc where knowledge_base_id = $1
      ${f.sourceIds?.length ? 'and source_id = any($2::uuid[])' : ''} order by created_at, id`, params)).rows;
  if (!tocs.length) return [];
  const llm = await Llm.open(ctx, model);
  const docs = await pickDocuments(llm, query, tocs, signal);
  const picks = await pickSections(llm, query, tocs, docs, topK, signal);
  if (!picks.length) return [];
  const q: unknown[] = [picks.map((p) => tocs[p.doc].id), picks.map((p) => p.node)];
  let where = '';
  if (f.filterMetadata && Object.keys(f.filterMetadata).length) { q.push(JSON.stringify(f.filterMetadata)); where = ` and n.meta @> $${q.length}::jsonb`; }
  const rows = (await ctx.db.query<ItemRow & { toc_id: string; node_id: string; title: string }>(
    `select n.id, n.source_id, n.text, coalesce(n.meta, '{}'::jsonb) as meta, s.name as source_name, n.toc_id, n.node_id, n.title, n.depth, n.parent_node_id
       from ai.page_index_nodes n join unnest($1::uuid[], $2::text[]) as w(toc, node) on w.toc = n.toc_id and w.node = n.node_id
       left join ai.sources s on s.id = n.source_id where true${where}`, q)).rows;
  const out: ItemRow[] = [];
  picks.forEach((p, nodeRank) => {
    const toc = tocs[p.doc];
    const row = rows.find((r) => r.toc_id === toc.id && r.node_id === p.node);
    if (!row) return;
    const docRank = docs.indexOf(p.doc);
    out.push({
      ...row, score: Math.max(0, 1 - 0.02 * docRank - 0.05 * nodeRank),
      meta: {
        ...row.meta, node_id: row.node_id, doc_name: toc.doc_name, doc_description: toc.doc_description, title: row.title,
        retrieval_method: 'tree_search', score_type: 'rank_position', doc_rank: docRank, pages: row.meta.pages ?? [],
      },
    });
  });
  return out;
}
