// The LLM-built KB strategies against a scripted OpenAI-compatible model over real HTTP (answers chosen by
// the prompt's `Task:` line): full_document, page_index + tree_search, graph_index (references + 1-hop
// expansion), doc2json (windows merged), LLM reranking and query enrichment, and the 400 without a provider.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkip, startStack, upload, waitExtracted, waitIndexed, type Stack } from './helpers.ts';
import { outlineIds, startPromptModel, type PromptModel } from './kb-llm-model.ts';
import { mergeExtracted, packWindows } from '../src/kb/strategies/doc2json.ts';
import { buildNodes, markdownHeadings, toStructure } from '../src/kb/strategies/tree.ts';

const PLATFORM_KEY = 'sk-platform-test-key-0000000000';

const HANDBOOK = `# Company handbook

## Vacation policy
Every employee receives twenty-five days of paid vacation per calendar year. Unused vacation days can be carried over until the end of March.

## Expense reports
Submit expense reports within thirty days of the purchase. Attach the original receipt to every expense report. For lost company cards, see the Security section.

## Remote work
Employees may work remotely up to three days per week after agreeing a schedule with their manager.

## Security
Laptops must use full-disk encryption. Report lost devices and lost company cards to the security team immediately.`;

const NOTES = `Meeting notes for the garden project.
We agreed to plant tomatoes and basil along the south fence.

Budget discussion.
The garden budget is four hundred euros for seeds, soil and tools.`;

const filler = (n: number) => Array.from({ length: n }, (_, i) => `Clause ${i + 1}: the supplier delivers goods in accordance with the agreed terms and conditions of this contract.`).join('\n\n');
const INVOICE = `# Invoice 2024-117\n\nVendor: Acme Corp\n\nLine item: Widget, qty 2, price 10\n\n${filler(30)}\n\nLine item: Gadget, qty 1, price 100\n\nTotal amount: 120`;

const words = (s: string) => new Set(s.toLowerCase().match(/[a-z]+/g) ?? []);

let model: PromptModel;
let s: Stack;
const post = (path: string, json: unknown) => s.json(path, { method: 'POST', json });
const search = (kb: string, body: Record<string, unknown>) => post(`/knowledge-bases/${kb}/search`, body);
const sources: Record<string, string> = {};

async function kbWith(name: string, indexing: Record<string, unknown>, retrieval?: Record<string, unknown>, docs = ['handbook']) {
  const kb = await post('/knowledge-bases', { name, indexing_config: indexing, ...(retrieval ? { retrieval_config: retrieval } : {}) });
  assert.equal(kb.status, 201, JSON.stringify(kb.body));
  for (const d of docs) assert.equal((await post(`/knowledge-bases/${kb.body.id}/sources`, { source_id: sources[d] })).status, 201);
  const items = await waitIndexed(s, kb.body.id);
  assert.ok(items.every((i: any) => i.index_status === 'indexed'), JSON.stringify(items));
  return { id: kb.body.id as string, kb: kb.body, indexed: items };
}

before(async () => {
  model = await startPromptModel({
    summarize_document: () => 'SUMMARY: The company handbook sets the vacation allowance, expense report rules, remote work and laptop security.',
    describe_document: (u) => (u.includes('garden') ? 'Notes of the garden project meeting: planting and budget.' : 'The company handbook: vacation, expenses, remote work, security.'),
    summarize_section: () => 'A section summary.',
    infer_structure: () => JSON.stringify({ sections: [{ title: 'Planting', start_line: 1, level: 1 }, { title: 'Budget', start_line: 4, level: 1 }] }),
    find_references: (u) => {
      const own = u.slice(u.indexOf('\n\nSection ['));
      const security = outlineIds(u.slice(0, u.indexOf('\n\nSection ['))).find((x) => x.title === 'Security')?.id;
      const refs = /see the Security section/.test(own) && security ? [security] : [];
      return JSON.stringify({ references: refs, entities: /Security/.test(own) ? ['security team'] : [] });
    },
    extract_json: (u) => {
      const data: Record<string, unknown> = {};
      const vendor = /Vendor: (.+)/.exec(u);
      if (vendor) data.vendor_name = vendor[1].trim();
      const items = [...u.matchAll(/Line item: (\w+), qty (\d+), price (\d+)/g)].map((m) => ({ description: m[1], quantity: Number(m[2]), unit_price: Number(m[3]) }));
      if (items.length) data.line_items = items;
      const total = /Total amount: (\d+)/.exec(u);
      if (total) data.total_amount = Number(total[1]);
      return `\`\`\`json\n${JSON.stringify({ data, summary: 'Part of an invoice.' })}\n\`\`\``;
    },
    summarize_extraction: () => 'Invoice from Acme Corp for widgets and gadgets, total amount 120.',
    select_documents: (u) => {
      const want = /garden|budget|tomato/i.test(/Question: (.+)/.exec(u)![1]) ? 'notes.txt' : 'handbook.md';
      return JSON.stringify([...u.matchAll(/^(d\d+): (\S+)/gm)].filter((m) => m[2] === want).map((m) => m[1]));
    },
    select_sections: (u) => {
      const q = words(/Question: (.+)/.exec(u)![1]);
      const hits = outlineIds(u).filter((x) => [...words(x.title)].some((w) => q.has(w)));
      return JSON.stringify(hits.map((h) => h.id));
    },
    enrich_query: () => JSON.stringify({ enriched_query: 'paid vacation days per year', keyword_query: 'vacation OR holiday OR leave' }),
    rerank: (u) => {
      const n = [...u.matchAll(/^\[(\d+)\]/gm)].length;
      return JSON.stringify({ scores: Array.from({ length: n }, (_, i) => i) }); // reverses the stage-1 order
    },
  });
  s = await startStack({ config: { providerBaseUrls: { openai: model.url }, platformKeys: { openai: PLATFORM_KEY } } });
  const docs = { handbook: { name: 'handbook.md', data: HANDBOOK }, notes: { name: 'notes.txt', data: NOTES }, invoice: { name: 'invoice.md', data: INVOICE } };
  for (const [k, f] of Object.entries(docs)) {
    const up = await upload(s, f);
    assert.equal(up.status, 201);
    sources[k] = up.body.id;
    assert.equal((await waitExtracted(s, up.body.id)).extraction_status, 'extracted');
  }
});
after(async () => { await s?.close(); await model?.close(); });

describe('without a provider for the model', () => {
  test('LLM-built strategies and tree_search answer 400 llm_provider_missing naming the model and provider', async () => {
    const r = await post('/knowledge-bases', { name: 'x', indexing_config: { strategy: 'full_document', summary_model: 'claude-3-5-haiku' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'llm_provider_missing');
    assert.match(r.body.error, /'full_document' needs an LLM provider \(model 'claude-3-5-haiku', provider anthropic\)/);
    const u = await post('/knowledge-bases', { name: 'x', indexing_config: { strategy: 'graph_index', enrichment_model: 'mystery-model' } });
    assert.equal(u.status, 400);
    assert.match(u.body.error, /model 'mystery-model', provider unknown/);
    const t = await post('/knowledge-bases', { name: 'x', indexing_config: { strategy: 'page_index' }, retrieval_config: { retrieval_model: 'gemini/gemini-2.0-flash' } });
    assert.equal(t.status, 400);
    assert.match(t.body.error, /tree_search' needs an LLM provider \(model 'gemini\/gemini-2.0-flash', provider google\)/);
    const bad = await post('/knowledge-bases', { name: 'x', indexing_config: { strategy: 'doc2json', json_schema: { fields: [{ name: 'a', type: 'date' }] } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_config');
  });
});

describe('full_document', () => {
  let kb = '';
  test('indexes one LLM summary per source; search returns the whole document; items return the summary', async () => {
    const k = await kbWith('fulldoc', { strategy: 'full_document' });
    kb = k.id;
    assert.equal(k.kb.indexing_config.summary_model, 'gpt-5-mini');
    assert.equal(k.indexed[0].stats.summary_model, 'gpt-5-mini');
    assert.equal(k.indexed[0].stats.strategy, 'full_document');
    const call = model.requests.find((r) => r.task === 'summarize_document')!;
    assert.equal(call.auth, `Bearer ${PLATFORM_KEY}`);
    assert.equal(call.model, 'gpt-5-mini');
    assert.match(call.user, /twenty-five days of paid vacation/);

    const items = await post(`/knowledge-bases/${kb}/items`, { source_ids: [sources.handbook] });
    assert.equal(items.body.strategy, 'full_document');
    assert.equal(items.body.total, 1);
    assert.match(items.body.items[0].text, /^SUMMARY: /);
    assert.match(items.body.items[0].full_text_path, /derivatives\/markdown/);

    for (const method of ['vector_search', 'full_text', 'hybrid']) {
      const r = await search(kb, { query: 'vacation allowance of the company', retrieval_method: method });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.results.length, 1, method);
      const hit = r.body.results[0];
      assert.equal(hit.text.trim(), HANDBOOK.trim());
      assert.match(hit.meta.summary, /^SUMMARY: /);
      assert.equal(hit.meta._type, 'full_document');
      assert.equal(hit.indexing_strategy, 'full_document');
      assert.equal(hit.source_id, sources.handbook);
    }
  });

  test('query enrichment: the LLM rewrites the query; the keyword query finds what the original would not', async () => {
    const plain = await search(kb, { query: 'PTO', retrieval_method: 'full_text' });
    assert.deepEqual(plain.body.results, []);
    await s.json(`/knowledge-bases/${kb}`, { method: 'PATCH', json: { retrieval_config: { query_enrichment: { enabled: true } } } });
    const before = model.requests.length;
    const r = await search(kb, { query: 'PTO', retrieval_method: 'full_text' });
    assert.equal(r.status, 200);
    assert.equal(r.body.results.length, 1);
    assert.deepEqual(r.body.query_enrichment, { original_query: 'PTO', enriched_query: 'paid vacation days per year', keyword_query: 'vacation OR holiday OR leave', model: 'gpt-5-mini', method: 'llm_enrichment' });
    assert.equal(r.body.warnings, undefined);
    assert.deepEqual(model.requests.slice(before).map((x) => x.task), ['enrich_query']);
  });
});

describe('page_index + tree_search', () => {
  test('builds a section tree per source (headers, or LLM-inferred sections); tree_search returns the chosen sections', async () => {
    const k = await kbWith('pageindex', { strategy: 'page_index' }, undefined, ['handbook', 'notes']);
    assert.equal(k.kb.retrieval_config.method, 'tree_search');
    assert.equal(k.kb.retrieval_config.retrieval_model, 'gpt-5-mini');
    const stats = Object.fromEntries(k.indexed.map((i: any) => [i.source_id, i.stats]));
    assert.equal(stats[sources.handbook].structure_source, 'markdown_headers');
    assert.equal(stats[sources.handbook].node_count, 5);
    assert.equal(stats[sources.notes].structure_source, 'llm_inferred');

    const items = await post(`/knowledge-bases/${k.id}/items`, { source_ids: [sources.handbook] });
    assert.equal(items.body.strategy, 'page_index');
    const nodes = items.body.items;
    assert.deepEqual(nodes.map((n: any) => n.title), ['Company handbook', 'Vacation policy', 'Expense reports', 'Remote work', 'Security']);
    assert.deepEqual(nodes.map((n: any) => n.depth), [0, 1, 1, 1, 1]);
    assert.ok(nodes.slice(1).every((n: any) => n.parent_node_id === '0001'));
    const toc = await s.sql('select doc_description, structure from ai.page_index_toc where source_id = $1', [sources.handbook]);
    assert.match(toc.rows[0].doc_description, /company handbook/i);
    assert.equal(toc.rows[0].structure[0].nodes.length, 4);

    const r = await search(k.id, { query: 'How many vacation days do I get?' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.retrieval_method, 'tree_search');
    assert.equal(r.body.results[0].meta.title, 'Vacation policy');
    assert.match(r.body.results[0].text, /twenty-five days/);
    assert.equal(r.body.results[0].score, 1);
    assert.equal(r.body.results[0].meta.score_type, 'rank_position');
    assert.equal(r.body.results[0].meta.node_id, '0002');

    const g = await search(k.id, { query: 'What is the garden budget?' });
    assert.equal(g.body.results[0].source_id, sources.notes);
    assert.equal(g.body.results[0].meta.title, 'Budget');
    assert.match(g.body.results[0].text, /four hundred euros/);
    const last = model.requests.slice(-2).map((x) => x.task);
    assert.deepEqual(last, ['select_documents', 'select_sections']);
  });
});

describe('graph_index', () => {
  test('LLM-found references are stored as edges; search adds the referenced neighbours', async () => {
    const k = await kbWith('graph', { strategy: 'graph_index' });
    assert.equal(k.indexed[0].stats.edge_count, 1);
    const items = await post(`/knowledge-bases/${k.id}/items`, { source_ids: [sources.handbook] });
    const expense = items.body.items.find((n: any) => n.title === 'Expense reports');
    const security = items.body.items.find((n: any) => n.title === 'Security');
    assert.deepEqual(expense.meta.referenced_nodes, [security.node_id]);
    assert.deepEqual(security.meta.entities, ['security team']);

    const r = await search(k.id, { query: 'expense report receipt', retrieval_method: 'full_text', top_k: 1 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.results[0].meta.title, 'Expense reports');
    assert.equal(r.body.results[1].meta.title, 'Security');
    assert.equal(r.body.results[1].meta.graph_expansion, true);
    assert.equal(r.body.results[1].meta.expanded_from, expense.node_id);
    const h = await search(k.id, { query: 'How many days of paid vacation?', retrieval_method: 'hybrid', top_k: 2 });
    assert.equal(h.body.results[0].meta.title, 'Vacation policy');
    assert.equal(h.body.results[0].meta._type, 'graph_index_node');
  });
});

describe('doc2json', () => {
  test('extracts per window into the schema, merges the windows, embeds the summary; items return extracted_json', async () => {
    const schema = { fields: [
      { name: 'vendor_name', type: 'string', description: 'Who issued the invoice' },
      { name: 'total_amount', type: 'number' },
      { name: 'line_items', type: 'array', item_type: 'object', items: { type: 'object', fields: [{ name: 'description', type: 'string' }, { name: 'quantity', type: 'integer' }, { name: 'unit_price', type: 'number' }] } },
    ] };
    const k = await kbWith('invoices', { strategy: 'doc2json', json_schema: schema, window_size: 500, window_overlap: 50 }, undefined, ['invoice']);
    assert.ok(k.indexed[0].stats.window_count >= 2, JSON.stringify(k.indexed[0].stats));
    const extract = model.requests.filter((r) => r.task === 'extract_json');
    assert.match(extract[0].user, /vendor_name \(string\): Who issued the invoice/);
    const items = await post(`/knowledge-bases/${k.id}/items`, { source_ids: [sources.invoice] });
    assert.equal(items.body.strategy, 'doc2json');
    const item = items.body.items[0];
    assert.equal(item.text, 'Invoice from Acme Corp for widgets and gadgets, total amount 120.');
    assert.deepEqual(item.extracted_json, {
      vendor_name: 'Acme Corp', total_amount: 120,
      line_items: [{ description: 'Widget', quantity: 2, unit_price: 10 }, { description: 'Gadget', quantity: 1, unit_price: 100 }],
    });
    assert.deepEqual(item.json_schema, schema);
    const r = await search(k.id, { query: 'Acme invoice total', retrieval_method: 'vector_search' });
    assert.equal(r.body.results[0].meta.extracted_json.vendor_name, 'Acme Corp');
  });

  test('merge rules and windows', () => {
    assert.deepEqual(mergeExtracted({ a: 1, l: [1], o: { x: 1, y: 1 } }, { a: 2, l: [1, 2], o: { y: 2 }, n: null }), { a: 2, l: [1, 2], o: { x: 1, y: 2 } });
    assert.deepEqual(packWindows(['a', 'b', 'c', 'd'], [4, 4, 4, 4], 8, 4), ['a\n\nb', 'b\n\nc', 'c\n\nd']);
    assert.deepEqual(packWindows(['a', 'b', 'c'], [4, 4, 4], 8, 0), ['a\n\nb', 'c']);
  });
});

describe('LLM reranking', () => {
  test('the reranker reorders stage-1 results (chunk_embed and graph_index); without a key it fails open with a warning', async () => {
    const k = await kbWith('rerank', { strategy: 'chunk_embed', chunk_size: 60, overlap: 0 });
    const q = { query: 'vacation days expense reports security', retrieval_method: 'full_text', top_k: 3 };
    const plain = await search(k.id, q);
    assert.ok(plain.body.results.length >= 3);
    await s.json(`/knowledge-bases/${k.id}`, { method: 'PATCH', json: { retrieval_config: { reranker: { model: 'cohere/rerank-english-v3.0', candidate_count: 3 } } } });
    const r = await search(k.id, q);
    assert.equal(r.status, 200);
    assert.equal(r.body.warnings, undefined);
    assert.deepEqual(r.body.results.map((x: any) => x.id), plain.body.results.map((x: any) => x.id).reverse());
    assert.equal(r.body.results[0].meta.reranker_score, 0.2); // the judge's 0–10 scale, divided by 10
    const judge = model.requests.filter((x) => x.task === 'rerank').at(-1)!;
    assert.equal(judge.model, 'gpt-5-mini');

    await s.json(`/knowledge-bases/${k.id}`, { method: 'PATCH', json: { retrieval_config: { reranker: { model: 'claude-3-5-haiku', candidate_count: 3 } } } });
    const open = await search(k.id, q);
    assert.equal(open.status, 200);
    assert.deepEqual(open.body.results.map((x: any) => x.id), plain.body.results.map((x: any) => x.id));
    assert.match(open.body.warnings.join(' '), /Reranking failed .*anthropic/);
  });

  test('graph_index results are reranked too', async () => {
    const k = await kbWith('graph-rerank', { strategy: 'graph_index' }, { reranker: { model: 'gpt-5-mini', candidate_count: 3 } });
    const r = await search(k.id, { query: 'vacation', retrieval_method: 'vector_search', top_k: 3 });
    assert.equal(r.status, 200);
    const hits = r.body.results.filter((x: any) => !x.meta.graph_expansion);
    assert.ok(hits.length >= 2);
    assert.ok(hits.every((x: any, i: number) => i === 0 || x.meta.reranker_score <= hits[i - 1].meta.reranker_score));
    assert.ok(hits[0].meta.vector_similarity_score < hits[hits.length - 1].meta.vector_similarity_score);
  });
});

describe('tree helpers', () => {
  test('headers nest by level; a preamble becomes a node; fenced headers are text', () => {
    const doc = 'intro\n# A\ntext\n```\n# not a header\n```\n## B\nb\n# C\nc';
    const nodes = buildNodes(doc, markdownHeadings(doc), 'Doc');
    assert.deepEqual(nodes.map((n) => [n.node_id, n.title, n.depth, n.parent_node_id]), [['0001', 'Doc', 0, null], ['0002', 'A', 0, null], ['0003', 'B', 1, '0002'], ['0004', 'C', 0, null]]);
    assert.deepEqual(toStructure(nodes).map((n) => n.nodes.length), [0, 1, 0]);
  });
});

test('postgres engine: migration 0008 applies; with pgvector, full_document indexes and searches', { skip: pgSkip }, async () => {
  const pgs = await startStack({ engine: 'postgres', config: { providerBaseUrls: { openai: model.url }, platformKeys: { openai: PLATFORM_KEY } } });
  try {
    const idx = await pgs.sql("select count(*)::int as n from pg_indexes where schemaname = 'ai' and indexname like 'idx_ai_graph_index_nodes_%'");
    assert.ok(idx.rows[0].n >= 3);
    if (!(await pgs.sql("select 1 from pg_extension where extname = 'vector'")).rowCount) return;
    const up = await upload(pgs, { name: 'handbook.md', data: HANDBOOK });
    await waitExtracted(pgs, up.body.id);
    const kb = await pgs.json('/knowledge-bases', { method: 'POST', json: { name: 'pg', indexing_config: { strategy: 'full_document' } } });
    await pgs.json(`/knowledge-bases/${kb.body.id}/sources`, { method: 'POST', json: { source_id: up.body.id } });
    assert.equal((await waitIndexed(pgs, kb.body.id))[0].index_status, 'indexed');
    const r = await pgs.json(`/knowledge-bases/${kb.body.id}/search`, { method: 'POST', json: { query: 'vacation allowance' } });
    assert.equal(r.body.results[0].text.trim(), HANDBOOK.trim());
  } finally {
    await pgs.close();
  }
});
