// The section tree of page_index and graph_index, as pure functions: sections from Markdown headers (or
// from headings an LLM found in header-less text), nesting by level, node ids `0001…` in document order,
// page ranges from the page texts, and the stored ToC structure (titles, ids, summaries; no body text).
export interface TreeNode {
  node_id: string;
  title: string;
  level: number;
  depth: number;
  parent_node_id: string | null;
  /** The section's own text: its header line and body up to the next header. */
  text: string;
  line_num: number;
  start: number;
  end: number;
  start_page: number | null;
  end_page: number | null;
  summary?: string;
}

export interface Heading { title: string; line: number; level: number }

export interface StructureNode {
  node_id: string; title: string; summary?: string; start_page: number | null; end_page: number | null; nodes: StructureNode[];
}

const HEADER = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/;

/** Markdown headers outside code fences, as headings (1-based lines). */
export function markdownHeadings(doc: string): Heading[] {
  const out: Heading[] = [];
  let fence: string | null = null;
  doc.split('\n').forEach((line, i) => {
    const f = /^\s{0,3}(```|~~~)/.exec(line);
    if (f) { fence = fence === null ? f[1] : fence === f[1] ? null : fence; return; }
    const h = fence === null ? HEADER.exec(line) : null;
    if (h) out.push({ title: h[2].trim(), line: i + 1, level: h[1].length });
  });
  return out;
}

/** Nodes for the given headings (sorted, deduplicated); text before the first heading becomes a node named after the document. */
export function buildNodes(doc: string, headings: Heading[], docName: string): TreeNode[] {
  const lineStarts: number[] = [0];
  for (let i = 0; i < doc.length; i++) if (doc[i] === '\n') lineStarts.push(i + 1);
  const hs = [...new Map(headings.filter((h) => h.line >= 1 && h.line <= lineStarts.length).map((h) => [h.line, h])).values()]
    .sort((a, b) => a.line - b.line);
  const spans: Array<{ title: string; level: number; line: number; start: number }> = [];
  const firstStart = hs.length ? lineStarts[hs[0].line - 1] : doc.length;
  if (doc.slice(0, firstStart).trim()) spans.push({ title: docName, level: 1, line: 1, start: 0 });
  for (const h of hs) spans.push({ title: h.title.slice(0, 300), level: Math.max(1, Math.min(6, Math.trunc(h.level) || 1)), line: h.line, start: lineStarts[h.line - 1] });
  const nodes: TreeNode[] = [];
  const stack: TreeNode[] = [];
  spans.forEach((s, i) => {
    const end = i + 1 < spans.length ? spans[i + 1].start : doc.length;
    while (stack.length && stack[stack.length - 1].level >= s.level) stack.pop();
    const parent = stack[stack.length - 1] ?? null;
    const node: TreeNode = {
      node_id: String(nodes.length + 1).padStart(4, '0'), title: s.title, level: s.level, depth: stack.length,
      parent_node_id: parent?.node_id ?? null, text: doc.slice(s.start, end).trim(), line_num: s.line, start: s.start, end,
      start_page: null, end_page: null,
    };
    nodes.push(node);
    stack.push(node);
  });
  return nodes.filter((n) => n.text);
}

/** 1-based page ranges from the offsets where each page starts in the document. */
export function assignPages(nodes: TreeNode[], pageStarts: number[]): void {
  if (!pageStarts.length) return;
  const pageAt = (pos: number) => { let p = 0; while (p + 1 < pageStarts.length && pageStarts[p + 1] <= pos) p++; return p + 1; };
  for (const n of nodes) { n.start_page = pageAt(n.start); n.end_page = pageAt(Math.max(n.start, n.end - 1)); }
}

/** The stored ToC: nested titles, node ids, summaries and pages. */
export function toStructure(nodes: TreeNode[]): StructureNode[] {
  const byId = new Map<string, StructureNode>();
  const roots: StructureNode[] = [];
  for (const n of nodes) {
    const s: StructureNode = { node_id: n.node_id, title: n.title, ...(n.summary ? { summary: n.summary } : {}), start_page: n.start_page, end_page: n.end_page, nodes: [] };
    byId.set(n.node_id, s);
    const parent = n.parent_node_id ? byId.get(n.parent_node_id) : undefined;
    (parent ? parent.nodes : roots).push(s);
  }
  return roots;
}

/** The document's lines, numbered from 1 and cut to `maxChars` overall, for the structure prompt. */
export function numberedLines(doc: string, maxChars: number, maxLine = 160): string {
  const out: string[] = [];
  let size = 0;
  for (const [i, line] of doc.split('\n').entries()) {
    if (!line.trim()) continue;
    const l = `${i + 1}: ${line.slice(0, maxLine)}`;
    if (size + l.length > maxChars) break;
    out.push(l);
    size += l.length + 1;
  }
  return out.join('\n');
}

/** A condensed outline (ids, indented titles, summaries) for prompts. */
export function outline(nodes: StructureNode[], prefix = '', indent = ''): string {
  return nodes.map((n) => [`${indent}[${prefix}${n.node_id}] ${n.title}${n.summary ? ` — ${n.summary.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`,
    ...(n.nodes.length ? [outline(n.nodes, prefix, `${indent}  `)] : [])].join('\n')).join('\n');
}
