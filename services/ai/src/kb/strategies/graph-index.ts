// graph_index: the page_index tree, then one LLM call per node (enrichment_model) finding the sections it
// explicitly refers to (the graph's edges, `meta.referenced_nodes`; parent and children excluded) and the
// entities it names (`meta.entities`); each node's title, summary, entities and references are embedded,
// its text is full-text indexed. Search adds the 1-hop neighbours of every hit (search-items.ts).
import { randomUUID } from 'node:crypto';
import { LlmError } from '../../llm/provider.ts';
import { buildTree } from './build-tree.ts';
import { embedForIndex } from './embed.ts';
import { Llm, mapLimit, permanentLlmError } from './llm.ts';
import { nodeMeta, treeStats } from './page-index.ts';
import { PROMPTS } from './prompts.ts';
import { outline, toStructure, type TreeNode } from './tree.ts';
import type { StrategyOutput, StrategyRun } from './types.ts';

interface Enrichment { references: string[]; entities: string[]; error: string | null }

const normId = (x: unknown): string | null => {
  const m = /(\d{1,4})\s*$/.exec(String(x ?? ''));
  return m ? m[1].padStart(4, '0') : null;
};

async function enrichNode(run: StrategyRun, llm: Llm, nodes: TreeNode[], n: TreeNode, toc: string): Promise<Enrichment> {
  const known = new Set(nodes.map((x) => x.node_id));
  const excluded = new Set([n.node_id, n.parent_node_id, ...nodes.filter((x) => x.parent_node_id === n.node_id).map((x) => x.node_id)]);
  try {
    return await llm.json({
      system: PROMPTS.findReferences, maxTokens: 1000, signal: run.signal,
      user: `Outline:\n${toc}\n\nSection [${n.node_id}] ${n.title}:\n${n.text.slice(0, 20_000)}`,
    }, (v) => {
      const o = v as { references?: unknown; entities?: unknown } | null;
      if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
      const refs = (Array.isArray(o.references) ? o.references : []).map(normId).filter((x): x is string => !!x && known.has(x) && !excluded.has(x));
      const entities = (Array.isArray(o.entities) ? o.entities : []).filter((x): x is string => typeof x === 'string' && !!x.trim()).map((x) => x.trim().slice(0, 200));
      return { references: [...new Set(refs)], entities: [...new Set(entities)].slice(0, 50), error: null };
    });
  } catch (e) {
    const permanent = permanentLlmError(e);
    if (permanent || !(e instanceof LlmError)) throw permanent ?? e;
    return { references: [], entities: [], error: e.message.slice(0, 1000) };
  }
}

export async function indexGraphIndex(run: StrategyRun): Promise<StrategyOutput> {
  const { ctx, cfg, settings: s, signal } = run;
  const model = String(cfg.model);
  const llm = await Llm.open(ctx, model);
  const { nodes, description, structureSource } = await buildTree(run, llm);
  const enrichModel = String(cfg.enrichment_model || model);
  const enricher = enrichModel === model ? llm : await Llm.open(ctx, enrichModel, llm.meter);
  const toc = outline(toStructure(nodes));
  const enrich = await mapLimit(nodes, s.int('PAGEINDEX_LLM_MAX_CONCURRENT'), (n) => enrichNode(run, enricher, nodes, n, toc));
  const titles = new Map(nodes.map((n) => [n.node_id, n.title]));
  const texts = nodes.map((n, i) => [n.title, n.summary ?? n.text.slice(0, 1500),
    enrich[i].entities.length ? `Entities: ${enrich[i].entities.join(', ')}` : '',
    enrich[i].references.length ? `References: ${enrich[i].references.map((r) => titles.get(r)).join('; ')}` : ''].filter(Boolean).join('\n'));
  const { model: embModel, vectors } = await embedForIndex(ctx, String(cfg.embedding_model), texts, signal);
  const tocId = randomUUID();
  const ids = nodes.map(() => randomUUID());
  const metas = nodes.map((n, i) => ({ ...nodeMeta(run, n, tocId), referenced_nodes: enrich[i].references, entities: enrich[i].entities, prefix_summary: null }));
  return {
    items: nodes.length,
    embeddings: { table: 'graph_index_nodes', model: embModel, ids, vectors },
    stats: {
      ...treeStats(run, nodes, model, llm, 'graph_index', structureSource), enrichment_model: enrichModel,
      edge_count: enrich.reduce((a, e) => a + e.references.length, 0), enrichment_errors: enrich.filter((e) => e.error).length,
      embedding_dim: vectors[0]?.length ?? 0, embedding_model: embModel,
    },
    insert: async (c) => {
      const { is, src } = run;
      await c.query(
        `insert into ai.graph_index_toc (id, indexed_source_id, knowledge_base_id, source_id, doc_name, doc_description, structure)
         values ($1, $2, $3, $4, $5, $6, $7)`, [tocId, is.id, is.knowledge_base_id, src.id, src.name, description, JSON.stringify(toStructure(nodes))]);
      if (!nodes.length) return;
      await c.query(
        `insert into ai.graph_index_nodes (id, toc_id, indexed_source_id, knowledge_base_id, source_id, node_id, title, depth, parent_node_id, text, line_num, meta, enrichment_error)
         select t.id, $1, $2, $3, $4, t.node_id, t.title, t.depth, t.parent, t.text, t.line, t.meta, t.err
           from unnest($5::uuid[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::int[], $12::jsonb[], $13::text[])
             as t(id, node_id, title, depth, parent, text, line, meta, err)`,
        [tocId, is.id, is.knowledge_base_id, src.id, ids, nodes.map((n) => n.node_id), nodes.map((n) => n.title), nodes.map((n) => n.depth),
          nodes.map((n) => n.parent_node_id), nodes.map((n) => n.text), nodes.map((n) => n.line_num), metas.map((m) => JSON.stringify(m)),
          enrich.map((e) => e.error)]);
    },
  };
}
