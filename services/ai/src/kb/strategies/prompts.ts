// The prompts of the LLM-built strategies and search steps. Each system prompt starts with a `Task:` line
// naming the step (logs, tests and scripted models key on it); the user message carries the data.
export const PROMPTS = {
  documentSummary: `Task: summarize_document
You write the summary of one document for a search index. Cover its purpose, main topics, key facts, names,
numbers and conclusions, so that a reader can decide whether the document answers a question. Plain prose, no preamble.`,

  docDescription: `Task: describe_document
Describe in one or two sentences what this document is about and what questions it can answer. No preamble.`,

  nodeSummary: `Task: summarize_section
Summarize this section of a document in two or three sentences: what it covers and its key facts. No preamble.`,

  inferStructure: `Task: infer_structure
The document below has no headings. Its non-empty lines are numbered. Find where its sections start and give each a
short title. Answer JSON only: {"sections": [{"title": "...", "start_line": <line number>, "level": <1 for a top-level section, 2 for a subsection, ...>}]}`,

  findReferences: `Task: find_references
You are given the outline of a document (section ids and titles) and the text of one section. List the sections that
this section EXPLICITLY refers to (e.g. "see Section 4", "as described under Pricing"), not its parent or children, and
the named entities (people, organisations, products, places, laws) it mentions. Answer JSON only:
{"references": ["<section id>", ...], "entities": ["...", ...]}`,

  extractJson: `Task: extract_json
Extract structured data from one window of a document. Follow the schema exactly: use the field names given, the given
types (string, number, integer, boolean, array, object), omit fields this window says nothing about, never invent values.
Answer JSON only: {"data": {<fields>}, "summary": "<one or two sentences about this window>"}`,

  jsonSummary: `Task: summarize_extraction
Write a concise summary of the document from the data extracted from it and the summaries of its parts, for a search
index. Plain prose, no preamble.`,

  selectDocuments: `Task: select_documents
Pick the documents most likely to answer the question, best first. Answer JSON only: a JSON array of document ids, e.g. ["d0", "d2"].`,

  selectSections: `Task: select_sections
Pick the sections that best answer the question, best first, at most the number asked. Use the ids exactly as shown
(e.g. "d0:0003"). Answer JSON only: a JSON array of section ids.`,

  enrichQuery: `Task: enrich_query
Rewrite a search query for a retrieval system. Answer JSON only: {"enriched_query": "<the query made explicit and
self-contained, for semantic search>", "keyword_query": "<keywords and synonyms joined with OR, for keyword search>"}`,

  rerank: `Task: rerank
Judge how well each numbered passage answers the query. Answer JSON only: {"scores": [<one number from 0 to 10 per passage, in passage order>]}`,
} as const;

/** The json_schema fields of a doc2json KB as prompt text. */
export function describeSchema(schema: Record<string, unknown>): string {
  const fields = Array.isArray(schema.fields) ? schema.fields as Array<Record<string, unknown>> : [];
  if (!fields.length) return 'No schema was given: extract the key facts of the document as a flat JSON object with snake_case field names.';
  const line = (f: Record<string, unknown>, indent: string): string => {
    const sub = f.items && typeof f.items === 'object' && Array.isArray((f.items as Record<string, unknown>).fields)
      ? `\n${((f.items as Record<string, unknown>).fields as Array<Record<string, unknown>>).map((x) => line(x, `${indent}  `)).join('\n')}` : '';
    const nested = Array.isArray(f.fields) ? `\n${(f.fields as Array<Record<string, unknown>>).map((x) => line(x, `${indent}  `)).join('\n')}` : '';
    const type = f.type === 'array' && f.item_type ? `array of ${f.item_type}` : String(f.type);
    const ex = f.examples !== undefined ? ` (examples: ${JSON.stringify(f.examples)})` : '';
    return `${indent}- ${f.name} (${type})${f.description ? `: ${f.description}` : ''}${ex}${sub}${nested}`;
  };
  return `Fields:\n${fields.map((f) => line(f, '')).join('\n')}`;
}
