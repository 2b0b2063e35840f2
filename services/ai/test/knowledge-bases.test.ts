// Knowledge bases over plain HTTP: the documented quickstart end to end (PDF + Markdown -> extracted ->
// KB -> add -> indexed -> search for each method), a small retrieval-quality check with the local
// embedder under hybrid search, and the KB API: configs, defaults, sources, reindex, items, search options.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, upload, waitExtracted, waitIndexed, type Stack } from './helpers.ts';
import { makePdf } from './fixtures.ts';

let s: Stack;
before(async () => { s = await startStack(); });
after(async () => { await s?.close(); });

const post = (path: string, json: unknown) => s.json(path, { method: 'POST', json });
const search = (kb: string, body: Record<string, unknown>) => post(`/knowledge-bases/${kb}/search`, body);

const HANDBOOK = `# Company handbook

## Vacation policy
Every employee receives twenty-five days of paid vacation per calendar year. Unused vacation days can be carried over until the end of March.

## Expense reports
Submit expense reports within thirty days of the purchase. Attach the original receipt and the project code to every expense report.

## Remote work
Employees may work remotely up to three days per week after agreeing a schedule with their manager. A stable internet connection is required.

## Security
Laptops must use full-disk encryption and a screen lock after five minutes. Report lost devices to the security team immediately.`;

let quickKb = '';
let mdSource = '';
let pdfSource = '';

describe('quickstart', () => {
  test('upload PDF + Markdown -> extracted -> KB -> add -> indexed -> search finds the relevant chunk first', async () => {
    const pdf = await makePdf([
      'Solar panel installation guide. Mount the photovoltaic panels on a south-facing roof with an inclination of thirty degrees.',
      'Inverter maintenance: check the solar inverter display every month and clean the cooling fins once a year.',
    ]);
    const upPdf = await upload(s, { name: 'solar.pdf', data: pdf, type: 'application/pdf' });
    const upMd = await upload(s, { name: 'handbook.md', data: HANDBOOK });
    assert.equal(upPdf.status, 201);
    assert.equal(upMd.status, 201);
    pdfSource = upPdf.body.id;
    mdSource = upMd.body.id;
    assert.equal((await waitExtracted(s, pdfSource)).extraction_status, 'extracted');
    assert.equal((await waitExtracted(s, mdSource)).extraction_status, 'extracted');

    const kb = await post('/knowledge-bases', { name: 'Quickstart KB', description: 'docs' });
    assert.equal(kb.status, 201);
    assert.deepEqual(kb.body.indexing_config, { strategy: 'chunk_embed', chunk_size: 2000, overlap: 50, embedding_model: 'local/use-lite' });
    assert.deepEqual(kb.body.retrieval_config, { method: 'hybrid', top_k: 5, context_mode: 'text', ts_language: 'english', vector_weight: 0.5 });
    quickKb = kb.body.id;
    for (const id of [pdfSource, mdSource]) {
      const add = await post(`/knowledge-bases/${quickKb}/sources`, { source_id: id });
      assert.equal(add.status, 201);
      assert.equal(add.body.index_status, 'pending');
      assert.ok(add.body.task_id);
    }
    const items = await waitIndexed(s, quickKb);
    assert.deepEqual(items.map((i: any) => i.index_status), ['indexed', 'indexed']);
    assert.ok(items.every((i: any) => i.stats.embedding_dim === 512 && i.stats.artifact_count >= 1));

    const cases = [
      { q: 'How many vacation days do employees get per year?', expect: /twenty-five days of paid vacation/, source: mdSource },
      { q: 'What should I attach to an expense report?', expect: /original receipt/, source: mdSource },
      { q: 'solar inverter maintenance cleaning', expect: /cooling fins/, source: pdfSource },
    ];
    for (const method of ['vector_search', 'full_text', 'hybrid']) {
      for (const c of cases) {
        const r = await search(quickKb, { query: c.q, retrieval_method: method, top_k: 3 });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.retrieval_method, method);
        const first = r.body.results[0];
        assert.ok(first, `${method}: no result for ${c.q}`);
        assert.match(first.text, c.expect, `${method} / ${c.q}: got ${first.text.slice(0, 80)}`);
        assert.equal(first.source_id, c.source);
        assert.equal(first.chunk_id, first.id);
        assert.equal(first.knowledge_base_id, quickKb);
        assert.equal(typeof first.score, 'number');
      }
    }
    const pdfHit = (await search(quickKb, { query: 'inverter', retrieval_method: 'full_text' })).body.results[0];
    assert.deepEqual(pdfHit.meta.pages, [1, 2]);
    assert.equal(pdfHit.source_name, 'solar.pdf');
  });
});

describe('retrieval quality (local embedder, hybrid)', () => {
  test('the right chunk ranks first for each question', async () => {
    const docs: Record<string, string> = {
      'plants.md': '# Houseplants\n\n## Watering\nWater succulents sparingly, about once every two weeks, and let the soil dry out completely between waterings.\n\n## Light\nMost ferns prefer indirect light and suffer in direct afternoon sun.\n\n## Repotting\nRepot a plant in spring when roots grow out of the drainage holes.',
      'cars.md': '# Car care\n\n## Tyres\nCheck tyre pressure monthly and before long trips; underinflated tyres increase fuel consumption.\n\n## Oil\nChange the engine oil every fifteen thousand kilometres or once a year.\n\n## Battery\nA car battery usually lasts four to five years; cold weather drains it faster.',
      'cooking.md': '# Kitchen basics\n\n## Pasta\nBoil pasta in plenty of salted water and stir during the first minute so it does not stick.\n\n## Bread\nLet bread dough rise in a warm place until it doubles in size.\n\n## Knives\nSharpen kitchen knives regularly; a dull knife slips and causes more injuries.',
    };
    const kb = (await post('/knowledge-bases', { name: 'Quality', indexing_config: { chunk_size: 200, overlap: 0 } })).body.id;
    for (const [name, text] of Object.entries(docs)) {
      const up = await upload(s, { name, data: text });
      await waitExtracted(s, up.body.id);
      await post(`/knowledge-bases/${kb}/sources`, { source_id: up.body.id });
    }
    await waitIndexed(s, kb);
    const questions: [string, RegExp][] = [
      ['How often should I water my succulents?', /succulents sparingly/],
      ['When is the right time to repot a plant?', /Repot a plant in spring/],
      ['How long does a car battery last?', /battery usually lasts/],
      ['How often do I need an oil change?', /engine oil/],
      ['Why does my pasta stick together?', /Boil pasta/],
      ['Is a dull knife dangerous?', /dull knife/],
      ['What light do ferns need?', /ferns prefer indirect light/],
    ];
    for (const [q, expect] of questions) {
      const r = await search(kb, { query: q, retrieval_method: 'hybrid', top_k: 3 });
      assert.match(r.body.results[0]?.text ?? '', expect, `${q} -> ${r.body.results[0]?.text}`);
    }
  });
});

describe('knowledge-base API', () => {
  test('kb-defaults lists strategies, retrievers and defaults', async () => {
    const r = await s.json('/config/kb-defaults');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.strategies.chunk_embed.compatible_retrievers, ['vector_search', 'full_text', 'hybrid']);
    assert.equal(r.body.strategies.chunk_embed.default_indexing_config.chunk_size, 2000);
    assert.equal(r.body.strategies.page_index.default_retrieval_method, 'tree_search');
    assert.equal(r.body.reranker.default_model, 'cohere/rerank-english-v3.0');
  });

  test('LLM-built strategies and tree_search: 400 naming the missing LLM provider', async () => {
    for (const strategy of ['full_document', 'page_index', 'graph_index', 'doc2json']) {
      const r = await post('/knowledge-bases', { name: 'x', indexing_config: { strategy } });
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 'llm_provider_missing');
      assert.match(r.body.error, new RegExp(`'${strategy}' needs an LLM provider \\(model 'gpt-5-mini', provider openai\\)`));
    }
    const t = await post('/knowledge-bases', { name: 'x', retrieval_config: { method: 'tree_search' } });
    assert.equal(t.status, 400);
    assert.match(t.body.error, /tree_search' needs an LLM provider/);
  });

  test('invalid configs: 400', async () => {
    for (const body of [
      { indexing_config: { chunk_size: 10 } }, { indexing_config: { chunk_size: 100, overlap: 100 } },
      { indexing_config: { embedding_model: 'made-up-model' } }, { retrieval_config: { method: 'magic' } },
      { retrieval_config: { top_k: 0 } }, { retrieval_config: { vector_weight: 2 } }, {},
    ]) {
      const r = await post('/knowledge-bases', { name: 'bad', ...body });
      if ('indexing_config' in body || 'retrieval_config' in body) assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.equal((await post('/knowledge-bases', {})).status, 400);
  });

  test('create merges over defaults (chunk_overlap alias, extra flattened); PATCH merges retrieval_config; drift after a model change', async () => {
    const r = await post('/knowledge-bases', { name: 'merge', indexing_config: { chunk_size: 800, chunk_overlap: 40, extra: { note: 'x' } }, retrieval_config: { top_k: 7 } });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.indexing_config, { strategy: 'chunk_embed', chunk_size: 800, overlap: 40, embedding_model: 'local/use-lite', note: 'x' });
    assert.equal(r.body.retrieval_config.top_k, 7);
    assert.equal(r.body.retrieval_config.method, 'hybrid');
    const p = await s.json(`/knowledge-bases/${r.body.id}`, { method: 'PATCH', json: { retrieval_config: { method: 'full_text' }, description: 'd' } });
    assert.equal(p.status, 200);
    assert.equal(p.body.retrieval_config.method, 'full_text');
    assert.equal(p.body.retrieval_config.top_k, 7);
    assert.equal(p.body.description, 'd');
    const q = await s.json(`/knowledge-bases/${quickKb}`, { method: 'PATCH', json: { indexing_config: { embedding_model: 'text-embedding-3-small' } } });
    assert.equal(q.body.drift, 'full');
    const back = await s.json(`/knowledge-bases/${quickKb}`, { method: 'PATCH', json: { indexing_config: { embedding_model: 'local/use-lite' } } });
    assert.equal(back.body.drift, 'none');
  });

  test('get, list, sources list with filters, items', async () => {
    const kb = await s.json(`/knowledge-bases/${quickKb}`);
    assert.equal(kb.body.source_counts.indexed, 2);
    assert.equal(kb.body.bm25_status, 'ready');
    assert.equal(kb.body.indexed_sources.length, 2);
    const list = await s.json('/knowledge-bases?limit=2');
    assert.equal(list.body.limit, 2);
    assert.ok(list.body.total >= 3);
    assert.ok(list.body.knowledge_bases.every((k: any) => typeof k.chunk_count === 'number'));
    const src = await s.json(`/knowledge-bases/${quickKb}/sources?q=solar&status=indexed`);
    assert.equal(src.body.total, 1);
    assert.equal(src.body.items[0].source_name, 'solar.pdf');
    assert.equal(src.body.items[0].file_type, 'application/pdf');
    assert.equal((await s.json(`/knowledge-bases/${quickKb}/sources?status=nope`)).status, 400);
    const items = await post(`/knowledge-bases/${quickKb}/items`, { source_ids: [mdSource] });
    assert.equal(items.body.strategy, 'chunk_embed');
    assert.ok(items.body.total >= 1);
    assert.ok(items.body.items.every((i: any) => i.source_id === mdSource && typeof i.tokens === 'number' && typeof i.start_char === 'number'));
    assert.equal((await post(`/knowledge-bases/${quickKb}/items`, { source_ids: [] })).status, 400);
  });

  test('search options: top_k, filter_metadata, similarity_threshold, reranker and query enrichment fail open', async () => {
    const top1 = await search(quickKb, { query: 'vacation', top_k: 1 });
    assert.equal(top1.body.results.length, 1);
    const only = await search(quickKb, { query: 'vacation solar', filter_metadata: { source_id: pdfSource }, top_k: 5 });
    assert.ok(only.body.results.length >= 1);
    assert.ok(only.body.results.every((r: any) => r.source_id === pdfSource));
    const strict = await search(quickKb, { query: 'vacation', retrieval_method: 'vector_search', similarity_threshold: 0.999 });
    assert.deepEqual(strict.body.results, []);
    await s.json(`/knowledge-bases/${quickKb}`, { method: 'PATCH', json: { retrieval_config: { reranker: { model: 'cohere/rerank-english-v3.0' }, query_enrichment: { enabled: true } } } });
    const r = await search(quickKb, { query: 'How many vacation days?' });
    assert.equal(r.status, 200);
    assert.match(r.body.results[0].text, /vacation/);
    assert.equal(r.body.warnings.length, 2);
    assert.match(r.body.warnings.join(' '), /Reranking (skipped|failed)/);
    await s.json(`/knowledge-bases/${quickKb}`, { method: 'PATCH', json: { retrieval_config: { reranker: null, query_enrichment: null } } });
    assert.equal((await search(quickKb, {})).status, 400);
    assert.equal((await search(quickKb, { query: 'x', retrieval_method: 'tree_search' })).status, 400);
  });

  test('empty KB: search answers empty results; adding an unextracted source is a 400', async () => {
    const kb = (await post('/knowledge-bases', { name: 'empty' })).body.id;
    for (const m of ['vector_search', 'full_text', 'hybrid']) {
      const r = await search(kb, { query: 'anything at all', retrieval_method: m });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.results, []);
    }
    await s.restart({ worker: { enabled: false } });
    try {
      const up = await upload(s, { name: 'later.txt', data: 'not yet extracted text' });
      const add = await post(`/knowledge-bases/${kb}/sources`, { source_id: up.body.id });
      assert.equal(add.status, 400);
      assert.match(add.body.error, /extraction_status is 'pending'/);
    } finally {
      await s.restart();
    }
    assert.equal((await post(`/knowledge-bases/${kb}/sources`, { source_id: '00000000-0000-0000-0000-000000000000' })).status, 404);
    assert.equal((await s.json('/knowledge-bases/00000000-0000-0000-0000-000000000000')).status, 404);
  });

  test('build-bm25 202 (400 for vector-only), reindex, remove a source, delete the KB', async () => {
    const b = await post(`/knowledge-bases/${quickKb}/build-bm25`, {});
    assert.equal(b.status, 202);
    assert.equal(b.body.knowledge_base_id, quickKb);
    const vec = (await post('/knowledge-bases', { name: 'vec', retrieval_config: { method: 'vector_search' } })).body.id;
    assert.equal((await post(`/knowledge-bases/${vec}/build-bm25`, {})).status, 400);
    assert.deepEqual((await post(`/knowledge-bases/${quickKb}/reindex`, { failed_only: true })).body.status, 'noop');
    const re = await post(`/knowledge-bases/${quickKb}/reindex`, {});
    assert.equal(re.body.status, 'started');
    assert.equal(re.body.count, 2);
    const after = await waitIndexed(s, quickKb);
    assert.ok(after.every((i: any) => i.index_status === 'indexed'));
    const chunks = (await s.sql('select count(*)::int as n, count(distinct (indexed_source_id, chunk_index))::int as d from ai.chunks where knowledge_base_id = $1', [quickKb])).rows[0];
    assert.equal(chunks.n, chunks.d, 'reindex replaced chunks, no duplicates');
    const pdfItem = after.find((i: any) => i.source_id === pdfSource);
    const del = await s.json(`/knowledge-bases/${quickKb}/sources/${pdfItem.id}`, { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal(del.body.deleted_indexed_source_id, pdfItem.id);
    assert.equal((await s.sql('select count(*)::int as n from ai.chunks where indexed_source_id = $1', [pdfItem.id])).rows[0].n, 0);
    assert.equal((await s.json(`/sources/${pdfSource}`)).status, 200, 'the source itself stays');
    const gone = await s.json(`/knowledge-bases/${quickKb}`, { method: 'DELETE' });
    assert.equal(gone.body.message, 'Knowledge base deleted');
    assert.equal((await s.sql('select count(*)::int as n from ai.embeddings where knowledge_base_id = $1', [quickKb])).rows[0].n, 0);
  });
});
