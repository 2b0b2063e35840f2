// The Studio's AI data layer without a server: fetchers send a project's /api the right requests with the
// service-role key (fetch and XMLHttpRequest stubbed), a multipart upload reports progress, errors keep the
// service's words and per-field reasons, the new-KB form becomes the documented body, keys nest, polling rules.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AiSource, KbDefaults, KnowledgeBaseDetail } from '../src/api/ai-types.ts';
import { aiError } from '../src/api/fetchers/ai-http.ts';
import { deleteProviderKey, resetSettingsCategory, saveProviderKey, updateSettings } from '../src/api/fetchers/ai-config.ts';
import { addKbSource, createKnowledgeBase, searchKnowledgeBase } from '../src/api/fetchers/ai-knowledge-bases.ts';
import { getDerivativeText, getPageTexts, listSources, multipartBody, uploadSource } from '../src/api/fetchers/ai-sources.ts';
import { ApiError } from '../src/api/http.ts';
import { embeddingChoices, kbFormFor, kbInput } from '../src/data/ai-kb-form.ts';
import { aiKeys, extractionBusy, indexingBusy } from '../src/data/ai-keys.ts';
import { keys } from '../src/data/keys.ts';

const T = { url: 'http://127.0.0.1:54400/', key: 'service-key' };
const realFetch = globalThis.fetch;
const realXhr = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
afterEach(() => { globalThis.fetch = realFetch; (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = realXhr; });

interface Call { url: string; method: string; headers: Record<string, string>; body: any }
function stub(answers: Array<{ status: number; body?: unknown }>) {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body });
    const a = answers.shift()!;
    return new Response(a.body === undefined ? null : typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status });
  }) as typeof fetch;
  return calls;
}

test('AI errors: {error, code} and the labelled {error: code, message} shapes; details and fields kept', () => {
  const plain = aiError(403, 'Forbidden', JSON.stringify({ error: "This endpoint requires the project's service role key", code: 'service_role_required' }));
  assert.deepEqual([plain.status, plain.code, plain.message], [403, 'service_role_required', "This endpoint requires the project's service role key"]);
  const labelled = aiError(409, 'Conflict', JSON.stringify({ error: 'duplicate_source', message: 'A source with the same content already exists: a.md' }));
  assert.deepEqual([labelled.code, labelled.message], ['duplicate_source', 'A source with the same content already exists: a.md']);
  const settings = aiError(400, 'Bad Request', JSON.stringify({ error: 'Validation failed', code: 'validation_failed', details: { KB_DEFAULT_TOP_K: 'must be at most 200' } }));
  assert.deepEqual(settings.details, { KB_DEFAULT_TOP_K: 'must be at most 200' });
  const keysErr = aiError(400, 'Bad Request', JSON.stringify({ error: 'Validation failed', code: 'validation_failed', fields: { openai: 'This does not look like a openai API key' } }));
  assert.deepEqual(keysErr.details, { openai: 'This does not look like a openai API key' });
  assert.ok(aiError(502, 'Bad Gateway', '<html>') instanceof ApiError);
});

test('sources: the list sends its filters under /api with the service-role key; page texts and Markdown', async () => {
  const calls = stub([
    { status: 200, body: { sources: [], total: 0, limit: 50, offset: 50 } },
    { status: 200, body: { page_texts: ['one', 'two'], count: 2 } },
    { status: 200, body: '# Title\n\nBody' },
  ]);
  await listSources(T, { status: 'extracted', q: ' notes ', limit: 50, offset: 50 });
  assert.equal(calls[0].url, 'http://127.0.0.1:54400/api/sources?status=extracted&q=notes&limit=50&offset=50');
  assert.equal(calls[0].headers.apikey, 'service-key');
  assert.equal(calls[0].headers.authorization, 'Bearer service-key');
  assert.deepEqual(await getPageTexts(T, 's/1'), { page_texts: ['one', 'two'], count: 2 });
  assert.equal(calls[1].url, 'http://127.0.0.1:54400/api/sources/s%2F1/page-texts');
  assert.equal(await getDerivativeText(T, 's1', 'markdown'), '# Title\n\nBody');
  assert.equal(calls[2].url, 'http://127.0.0.1:54400/api/sources/s1/derivatives/markdown/download?index=0');
});

/** A stand-in XMLHttpRequest: records the request, reports half then all of the body, answers `status`. */
function stubXhr(status: number, body: string) {
  const sent: Array<{ method: string; url: string; headers: Record<string, string>; body: Blob | null }> = [];
  class FakeXhr {
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null; onerror: (() => void) | null = null; onabort: (() => void) | null = null;
    status = 0; statusText = ''; responseText = '';
    #req = { method: '', url: '', headers: {} as Record<string, string>, body: null as Blob | null };
    open(method: string, url: string) { this.#req.method = method; this.#req.url = url; }
    setRequestHeader(k: string, v: string) { this.#req.headers[k] = v; }
    abort() { this.onabort?.(); }
    send(b: Blob) {
      this.#req.body = b;
      sent.push(this.#req);
      queueMicrotask(() => {
        this.upload.onprogress?.({ loaded: Math.floor(b.size / 2), total: b.size, lengthComputable: true });
        this.status = status; this.responseText = body;
        this.onload?.();
      });
    }
  }
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
  return sent;
}

test('sources: an upload is one multipart POST over XHR (boundary in its content type) that reports progress', async () => {
  const sent = stubXhr(201, JSON.stringify({ id: 's1', name: 'notes.md', extraction_status: 'pending' }));
  const progress: number[] = [];
  const file = new File(['# Notes\n\nhello'], 'notes.md', { type: 'text/markdown' });
  const created = await uploadSource(T, { file, onProgress: (p) => progress.push(p.loaded / p.total) });
  assert.deepEqual([created.id, created.extraction_status], ['s1', 'pending']);
  const req = sent[0];
  assert.deepEqual([req.method, req.url], ['POST', 'http://127.0.0.1:54400/api/sources/upload']);
  assert.equal(req.headers.apikey, 'service-key');
  assert.match(req.headers['content-type'], /^multipart\/form-data; boundary=-+powabase-studio-[0-9a-f]{24}$/);
  // an independent multipart parser (undici's) reads back the file, its type and the fields
  const form = await new Response(req.body, { headers: { 'content-type': req.headers['content-type'] } }).formData();
  const sentFile = form.get('file') as File;
  assert.deepEqual([sentFile.name, sentFile.type, await sentFile.text()], ['notes.md', 'text/markdown', '# Notes\n\nhello']);
  assert.equal(form.get('name'), null, 'no name field unless one is given');
  assert.deepEqual([progress[0], progress.at(-1)], [0, 1]);
  assert.ok(progress.some((p) => p > 0 && p < 1), `a step between 0 and 1: ${progress}`);
});

test('sources: the multipart body carries the fields and the file; a non-ASCII name also as filename*', async () => {
  const { body, contentType } = multipartBody({ name: 'Rapport d’été', extraction_model: 'auto', skipped: undefined }, new Blob(['%PDF-1.7']), 'report.pdf');
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  assert.deepEqual([form.get('name'), form.get('extraction_model'), form.has('skipped')], ['Rapport d’été', 'auto', false]);
  const f = form.get('file') as File;
  assert.deepEqual([f.name, f.type, await f.text()], ['report.pdf', 'application/octet-stream', '%PDF-1.7']);
  const unicode = await multipartBody({}, new Blob(['x']), "l'été \"final\".pdf").body.text();
  assert.match(unicode, /; filename="l'_t_ _final_\.pdf"; filename\*=UTF-8''l%27%C3%A9t%C3%A9%20%22final%22\.pdf\r\n/);
});

test('sources: a refused upload rejects with the service words', async () => {
  stubXhr(409, JSON.stringify({ error: 'duplicate_source', message: 'A source with the same content already exists' }));
  await assert.rejects(uploadSource(T, { file: new File(['x'], 'x.txt') }), (e: ApiError) => e.status === 409 && e.code === 'duplicate_source');
});

test('knowledge bases: create, add a source and search send the documented bodies', async () => {
  const calls = stub([{ status: 201, body: { id: 'kb1' } }, { status: 201, body: { id: 'is1' } }, { status: 200, body: { results: [], query: 'q', retrieval_method: 'hybrid', total_results: 0 } }]);
  const input = { name: 'Docs', indexing_config: { strategy: 'chunk_embed', chunk_size: 400, overlap: 20, embedding_model: 'local/use-lite' }, retrieval_config: { method: 'full_text', top_k: 3 } };
  await createKnowledgeBase(T, input);
  await addKbSource(T, 'kb1', 's1');
  await searchKnowledgeBase(T, 'kb1', { query: 'hotel', retrieval_method: 'vector_search', top_k: 2 });
  assert.deepEqual(calls.map((c) => [c.method, c.url.replace('http://127.0.0.1:54400', '')]), [
    ['POST', '/api/knowledge-bases'], ['POST', '/api/knowledge-bases/kb1/sources'], ['POST', '/api/knowledge-bases/kb1/search'],
  ]);
  assert.deepEqual(calls[0].body, input);
  assert.deepEqual(calls[1].body, { source_id: 's1' });
  assert.deepEqual(calls[2].body, { query: 'hotel', retrieval_method: 'vector_search', top_k: 2 });
});

test('provider keys and settings: save, delete (204), bulk update with reasons, reset a category', async () => {
  const calls = stub([
    { status: 201, body: { provider: 'openai', masked_key: 'sk-…abcd' } },
    { status: 204 },
    { status: 400, body: { error: 'Validation failed', code: 'validation_failed', details: { HNSW_EF_SEARCH: 'must be at least 10' } } },
    { status: 200, body: { ok: true, category: 'tools', reset: ['EXA_API_KEY'] } },
  ]);
  assert.equal((await saveProviderKey(T, 'openai', 'sk-abc')).masked_key, 'sk-…abcd');
  assert.deepEqual(calls[0].body, { provider: 'openai', api_key: 'sk-abc' });
  assert.equal(await deleteProviderKey(T, 'openai'), undefined);
  assert.deepEqual([calls[1].method, calls[1].url], ['DELETE', 'http://127.0.0.1:54400/api/ai-provider-keys/openai']);
  await assert.rejects(updateSettings(T, { HNSW_EF_SEARCH: '5' }), (e: ApiError) => e.status === 400 && e.details?.HNSW_EF_SEARCH === 'must be at least 10');
  assert.deepEqual([calls[2].method, calls[2].body], ['PUT', { settings: { HNSW_EF_SEARCH: '5' } }]);
  await resetSettingsCategory(T, 'tools');
  assert.deepEqual(calls[3].body, { category: 'tools' });
});

const DEFAULTS: KbDefaults = {
  strategies: {
    chunk_embed: {
      label: 'Chunk & Embed', compatible_retrievers: ['vector_search', 'full_text', 'hybrid'], retriever_labels: {}, default_retrieval_method: 'hybrid',
      requires_llm: false, available: true,
      default_indexing_config: { strategy: 'chunk_embed', chunk_size: 2000, overlap: 50, embedding_model: 'local/use-lite' },
      default_retrieval_config: { method: 'hybrid', top_k: 5, vector_weight: 0.5 },
    },
    page_index: {
      label: 'PageIndex', compatible_retrievers: ['tree_search'], retriever_labels: {}, default_retrieval_method: 'tree_search',
      requires_llm: true, available: false, default_indexing_config: { strategy: 'page_index' }, default_retrieval_config: { method: 'tree_search', top_k: 5 },
    },
  },
  embedding_models: { default: 'local/use-lite', options: ['local/use-lite', 'text-embedding-3-small', 'openai/<model>'] },
  hybrid_vector_weight: 0.5,
};

test('the new-KB form starts from the defaults and becomes the POST body', () => {
  const f = kbFormFor(DEFAULTS);
  assert.deepEqual(f, { name: '', description: '', strategy: 'chunk_embed', chunkSize: '2000', overlap: '50', embeddingModel: 'local/use-lite', method: 'hybrid', topK: '5', vectorWeight: '0.5' });
  assert.deepEqual(embeddingChoices(DEFAULTS), ['local/use-lite', 'text-embedding-3-small']);
  assert.deepEqual(kbInput({ ...f, name: ' Docs ', chunkSize: '400', vectorWeight: '0.7' }), {
    name: 'Docs',
    indexing_config: { strategy: 'chunk_embed', chunk_size: 400, overlap: 50, embedding_model: 'local/use-lite' },
    retrieval_config: { method: 'hybrid', top_k: 5, vector_weight: 0.7 },
  });
  const ft = kbInput({ ...f, name: 'x', description: 'About x', method: 'full_text' });
  assert.deepEqual([ft.description, ft.retrieval_config], ['About x', { method: 'full_text', top_k: 5 }]);
  // switching strategy keeps what was typed as name and description
  assert.deepEqual([kbFormFor(DEFAULTS, 'page_index', { name: 'n', description: 'd' }).name, kbFormFor(DEFAULTS, 'page_index').method], ['n', 'tree_search']);
});

test('AI query keys nest under the project; pages poll only while extraction or indexing runs', () => {
  const project = keys.projects.detail('abc');
  for (const k of [aiKeys.all('abc'), aiKeys.sourceList('abc', { limit: 50, offset: 0 }), aiKeys.kb('abc', 'k'), aiKeys.settings('abc')]) {
    assert.deepEqual(k.slice(0, project.length), [...project]);
  }
  const sources = aiKeys.sources('abc');
  for (const k of [aiKeys.source('abc', 's'), aiKeys.pageTexts('abc', 's', 'v1'), aiKeys.sourceList('abc', { limit: 1, offset: 0 })]) {
    assert.deepEqual(k.slice(0, sources.length), [...sources]);
  }
  assert.deepEqual(aiKeys.kb('abc', 'k').slice(0, 4), [...aiKeys.kbs('abc')]);
  const src = (extraction_status: AiSource['extraction_status']) => ({ id: 's', extraction_status }) as AiSource;
  assert.equal(extractionBusy([src('extracted'), src('extracting')]), true);
  assert.equal(extractionBusy(src('pending')), true);
  assert.equal(extractionBusy([src('extracted'), src('failed'), src('attention_required')]), false);
  assert.equal(extractionBusy(undefined), false);
  const kb = (...st: string[]) => ({ indexed_sources: st.map((index_status) => ({ index_status })) }) as unknown as KnowledgeBaseDetail;
  assert.equal(indexingBusy(kb('indexed', 'indexing')), true);
  assert.equal(indexingBusy(kb('indexed', 'failed')), false);
  assert.equal(indexingBusy(undefined), false);
});
