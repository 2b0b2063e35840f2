// page_index: the LLM-built section tree of a source, stored as one ToC row (ai.page_index_toc: nested
// titles, node ids, summaries) and one row per section (ai.page_index_nodes, with its text). No
// embeddings: page_index is searched by tree_search only.
import { randomUUID } from 'node:crypto';
import { buildTree } from './build-tree.ts';
import { Llm } from './llm.ts';
import { toStructure, type TreeNode } from './tree.ts';
import type { StrategyOutput, StrategyRun } from './types.ts';

export function nodeMeta(run: StrategyRun, n: TreeNode, tocId: string): Record<string, unknown> {
  const pages = n.start_page && n.end_page ? Array.from({ length: n.end_page - n.start_page + 1 }, (_, i) => n.start_page! + i) : [];
  return {
    ...(run.src.metadata ?? {}), source_id: run.src.id, source_name: run.src.name,
    summary: n.summary ?? null, start_page: n.start_page, end_page: n.end_page, pages, toc_id: tocId, node_id: n.node_id, title: n.title,
  };
}

export function treeStats(run: StrategyRun, nodes: TreeNode[], model: string, llm: Llm, strategy: string, structureSource: string) {
  return {
    artifact_count: nodes.length, toc_count: 1, section_count: nodes.filter((n) => !n.parent_node_id).length, node_count: nodes.length,
    total_chars: run.markdown.length, model, strategy, structure_source: structureSource, llm_costs: llm.meter.toJSON(),
  };
}

export async function indexPageIndex(run: StrategyRun): Promise<StrategyOutput> {
  const model = String(run.cfg.model);
  const llm = await Llm.open(run.ctx, model);
  const { nodes, description, structureSource } = await buildTree(run, llm);
  const tocId = randomUUID();
  return {
    items: nodes.length,
    stats: treeStats(run, nodes, model, llm, 'page_index', structureSource),
    insert: async (c) => {
      const { is, src } = run;
      await c.query(
        `insert into ai.page_index_toc (id, indexed_source_id, knowledge_base_id, source_id, doc_name, doc_description, structure)
         values ($1, $2, $3, $4, $5, $6, $7)`, [tocId, is.id, is.knowledge_base_id, src.id, src.name, description, JSON.stringify(toStructure(nodes))]);
      if (!nodes.length) return;
      await c.query(
        `insert into ai.page_index_nodes (toc_id, indexed_source_id, knowledge_base_id, source_id, node_id, title, depth, parent_node_id, text, line_num, meta)
         select $1, $2, $3, $4, t.node_id, t.title, t.depth, t.parent, t.text, t.line, t.meta
           from unnest($5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::int[], $11::jsonb[]) as t(node_id, title, depth, parent, text, line, meta)`,
        [tocId, is.id, is.knowledge_base_id, src.id, nodes.map((n) => n.node_id), nodes.map((n) => n.title), nodes.map((n) => n.depth),
          nodes.map((n) => n.parent_node_id), nodes.map((n) => n.text), nodes.map((n) => n.line_num), nodes.map((n) => JSON.stringify(nodeMeta(run, n, tocId)))]);
    },
  };
}
