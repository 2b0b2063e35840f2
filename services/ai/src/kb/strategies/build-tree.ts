// Builds the section tree shared by page_index and graph_index: Markdown headers, or (header-less text)
// sections an LLM finds in the numbered lines, falling back to one node per page; page ranges; per-node
// summaries (LLM for nodes over PAGEINDEX_SUMMARY_TOKEN_THRESHOLD tokens, the text itself below); and a
// one-paragraph document description.
import { pageStartsIn } from '../chunker.ts';
import { Llm, LlmJsonError, mapLimit } from './llm.ts';
import { PROMPTS } from './prompts.ts';
import { assignPages, buildNodes, markdownHeadings, numberedLines, outline, toStructure, type Heading, type TreeNode } from './tree.ts';
import type { StrategyRun } from './types.ts';

export interface BuiltTree { nodes: TreeNode[]; description: string; structureSource: 'markdown_headers' | 'llm_inferred' | 'pages' }

const SHORT_SUMMARY_CHARS = 600;

async function inferHeadings(run: StrategyRun, llm: Llm): Promise<Heading[] | null> {
  const check = (v: unknown): Heading[] | null => {
    const list = Array.isArray(v) ? v : (v as { sections?: unknown })?.sections;
    if (!Array.isArray(list)) return null;
    const hs = list.filter((x) => x && typeof x.title === 'string' && Number.isInteger(Number(x.start_line)))
      .map((x) => ({ title: String(x.title), line: Number(x.start_line), level: Number(x.level) || 1 }));
    return hs.length ? hs : null;
  };
  try {
    return await llm.json({ system: PROMPTS.inferStructure, user: numberedLines(run.markdown, 60_000), signal: run.signal }, check);
  } catch (e) {
    if (e instanceof LlmJsonError) return null;
    throw e;
  }
}

/** One node per page (the last resort for text without headings). */
function pageHeadings(markdown: string, pages: string[]): Heading[] {
  const starts = pageStartsIn(markdown, pages);
  return starts.map((at, i) => ({ title: `Page ${i + 1}`, line: markdown.slice(0, at).split('\n').length, level: 1 }));
}

export async function buildTree(run: StrategyRun, llm: Llm): Promise<BuiltTree> {
  const { ctx, markdown, pages, settings: s, signal } = run;
  const docName = run.src.name ?? 'Document';
  let headings = markdownHeadings(markdown);
  let structureSource: BuiltTree['structureSource'] = 'markdown_headers';
  if (!headings.length && markdown.trim()) {
    const inferred = await inferHeadings(run, llm);
    if (inferred) { headings = inferred; structureSource = 'llm_inferred'; } else if (pages.length > 1) { headings = pageHeadings(markdown, pages); structureSource = 'pages'; }
  }
  const nodes = buildNodes(markdown, headings, docName);
  if (pages.length > 1) assignPages(nodes, pageStartsIn(markdown, pages));
  const concurrency = s.int('PAGEINDEX_LLM_MAX_CONCURRENT');
  if (String(run.cfg.if_add_node_summary ?? 'yes') !== 'no') {
    const tokens = await ctx.pool.countTokens(nodes.map((n) => n.text), signal);
    const threshold = s.int('PAGEINDEX_SUMMARY_TOKEN_THRESHOLD');
    await mapLimit(nodes, concurrency, async (n, i) => {
      n.summary = tokens[i] > threshold
        ? await llm.text({ system: PROMPTS.nodeSummary, user: `Section: ${n.title}\n\n${n.text}`, maxTokens: 400, signal })
        : n.text.replace(/^#{1,6}[ \t]+.*\n?/, '').trim().slice(0, SHORT_SUMMARY_CHARS);
    });
  }
  const budget = s.int('PAGEINDEX_DOC_DESCRIPTION_MAX_TOKENS') * 4;
  const description = await llm.text({
    system: PROMPTS.docDescription,
    user: `Document: ${docName}\n\nOutline:\n${outline(toStructure(nodes))}\n\nBeginning of the text:\n${markdown.slice(0, Math.min(budget, 40_000))}`,
    maxTokens: 300, signal,
  });
  return { nodes, description, structureSource };
}
