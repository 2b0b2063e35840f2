// REST benchmark: /rest/v1 through the gateway against the same SQL transaction issued straight through
// `pg`, at the same concurrency, on the embedded engine (PGlite worker) and on PostgreSQL:
//   (a) GET one row by primary key under an RLS policy with the anon key,
//   (b) GET 100 rows with a many-to-one embed,
//   (c) POST one row with Prefer: return=representation.
// The raw side runs, per request, BEGIN; the same set_config settings (role, claims, request.*); the exact
// statement the service builds; COMMIT — i.e. @powabase/db's withRole() transaction. A second baseline sends
// that transaction the way the service does (one pipelined round trip, named statements): REST / 1-trip is
// then the cost of HTTP, the gateway, parsing and planning alone.
// Reproduce: npm run bench -- rest   (BENCH_SECONDS=10 BENCH_CONCURRENCY=8 BENCH_ENGINES=pglite,postgres BENCH_CLIENT=worker|inline)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { baseMigrations, migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { issueProjectKeys, decodeUnverified } from '@powabase/keys';
import { createGateway } from '@powabase/gateway';
import { createRestService, defaultRestConfig, parseApiRequest, restMigrations, loadSchemaCache } from '@powabase/rest';
import { planRequest } from '../services/rest/src/plan/plan.ts';
import { buildMainQuery, BODY } from '../services/rest/src/query/main-query.ts';
import { transactionSettings } from '../services/rest/src/request-context.ts';
import { runPipelineOn } from '../services/rest/src/main-tx/pipeline.ts';
import { named, statementsOf } from '../services/rest/src/main-tx/statements.ts';

// scripts/pg-server.mjs is plain ESM without types.
const { startPgServer } = (await import('../scripts/pg-server.mjs' as string)) as { startPgServer: () => Promise<{ url: string; stop: () => Promise<void> }> };

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
// autocannon in a worker thread (default) keeps the load generator off the server's event loop.
const CLIENT = process.env.BENCH_CLIENT ?? 'worker';

const FIXTURE = `
create table public.bench_todos (id int primary key, title text not null, done boolean default false, is_public boolean not null);
alter table public.bench_todos enable row level security;
create policy anon_reads_public on public.bench_todos for select to anon using (is_public);
insert into public.bench_todos select g, 'todo ' || g, g % 3 = 0, g % 2 = 0 from generate_series(1, 10000) g;
create table public.bench_authors (id int primary key, name text not null);
create table public.bench_posts (id int primary key, title text not null, author_id int references public.bench_authors(id));
insert into public.bench_authors select g, 'author ' || g from generate_series(1, 100) g;
insert into public.bench_posts select g, 'post ' || g, 1 + g % 100 from generate_series(1, 1000) g;
create table public.bench_items (id bigserial primary key, name text not null, qty int not null default 0, created_at timestamptz default now());
analyze;`;

interface Scenario { name: string; method: 'GET' | 'POST'; path: string; query: string; headers: Record<string, string>; body?: string }
const SCENARIOS: Scenario[] = [
  { name: '(a) GET 1 row by PK, RLS, anon', method: 'GET', path: '/bench_todos', query: 'id=eq.42', headers: {} },
  { name: '(b) GET 100 rows + many-to-one embed', method: 'GET', path: '/bench_posts', query: 'select=id,title,author:bench_authors(id,name)&limit=100', headers: {} },
  { name: '(c) POST 1 row, return=representation', method: 'POST', path: '/bench_items', query: '', headers: { prefer: 'return=representation', 'content-type': 'application/json' },
    body: '{"name":"bench","qty":1}' },
];

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? 0; };

async function openEngine(engine: string): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-rest-'));
    const db = await openPglite({ dataDir: join(dir, 'db'), password: 'bench' });
    return { db, url: db.url, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const server = await startPgServer();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database bench_rest');
  await admin.end();
  const url = new URL(server.url);
  url.pathname = '/bench_rest';
  const db = await openPostgres({ url: url.toString(), poolSize: CONCURRENCY });
  return { db, url: url.toString(), cleanup: async () => { await db.close(); await server.stop(); } };
}

/** The transaction the service runs for `s`, as plain statements. */
async function sameTransaction(db: Db, s: Scenario, anonKey: string) {
  const config = defaultRestConfig();
  const cache = await loadSchemaCache(db, config.schemas);
  const headers = { ...s.headers, apikey: anonKey, authorization: `Bearer ${anonKey}` };
  const req = parseApiRequest({ method: s.method, path: s.path, query: s.query, headers, body: s.body }, {
    exposedSchemas: config.schemas, aggregatesEnabled: true,
  });
  const plan = planRequest(req, cache, config, { postgis: false });
  const q = buildMainQuery(plan, config.maxRows);
  const claims = decodeUnverified(anonKey) ?? {};
  const settings = transactionSettings(req, { role: 'anon', claims }, config, cache, plan.readOnly);
  const params = q.params.map((v) => (v === BODY ? `[${s.body}]` : v));
  return { sql: q.sql, params, settings };
}

async function raw(pool: pg.Pool, tx: Awaited<ReturnType<typeof sameTransaction>>, seconds: number) {
  const names = tx.settings.map(([k]) => k);
  const setup = `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`;
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(setup, tx.settings.flat());
        const r = await c.query({ text: tx.sql, values: tx.params, rowMode: 'array' });
        if (typeof r.rows[0]?.[2] !== 'string') errors++;
        await c.query('COMMIT');
      } catch {
        errors++;
        await c.query('ROLLBACK').catch(() => {});
      } finally {
        c.release();
      }
      done++;
      latencies.push(performance.now() - t);
    }
  }));
  return { rps: done / seconds, p99: pct(latencies, 0.99), errors };
}

/** The same transaction in one round trip, as the service sends it (named statements, one Sync). */
async function rawPipelined(pool: pg.Pool, tx: Awaited<ReturnType<typeof sameTransaction>>, seconds: number) {
  const setup = `SELECT ${tx.settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`;
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const c = await pool.connect();
      const s = statementsOf(c);
      try {
        const r = await runPipelineOn(c, [named(s, setup, tx.settings.flat()), named(s, tx.sql, tx.params)], s.prepared);
        if (typeof r[1]?.rows[0]?.[2] !== 'string') errors++;
      } catch {
        errors++;
      } finally {
        c.release();
      }
      done++;
      latencies.push(performance.now() - t);
    }
  }));
  return { rps: done / seconds, p99: pct(latencies, 0.99), errors };
}

async function http(url: string, s: Scenario, anonKey: string, seconds: number) {
  const r = await autocannon({
    url: `${url}/rest/v1${s.path}${s.query ? `?${s.query}` : ''}`, method: s.method, body: s.body, connections: CONCURRENCY, duration: seconds,
    ...(CLIENT === 'worker' ? { workers: 1 } : {}),
    headers: { ...s.headers, apikey: anonKey, authorization: `Bearer ${anonKey}` },
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.non2xx + r.errors };
}

const rows: string[] = [];
const json: Record<string, unknown>[] = [];
for (const engine of ENGINES) {
  const { db, url: dbUrl, cleanup } = await openEngine(engine);
  await migrate(db, [baseMigrations(), restMigrations()]);
  await db.query(FIXTURE);
  const ref = 'benchrest';
  const keys = await issueProjectKeys(ref);
  const project = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  const rest = await createRestService({ db, project, config: defaultRestConfig() });
  const app = await createGateway({ project, services: { rest } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: CONCURRENCY });
  for (const s of SCENARIOS) {
    const tx = await sameTransaction(db, s, keys.anonKey);
    await http(url, s, keys.anonKey, 2);
    await raw(pool, tx, 2);
    await rawPipelined(pool, tx, 1);
    const a = await http(url, s, keys.anonKey, SECONDS);
    const b = await raw(pool, tx, SECONDS);
    const c = await rawPipelined(pool, tx, SECONDS);
    const ratio = a.rps / b.rps;
    const ratio1 = a.rps / c.rps;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    json.push({
      engine, scenario: s.name, rest_rps: Math.round(a.rps), rest_p99_ms: a.p99, raw_rps: Math.round(b.rps), raw_p99_ms: r1(b.p99),
      raw_pipelined_rps: Math.round(c.rps), raw_pipelined_p99_ms: r1(c.p99), ratio: Math.round(ratio * 100) / 100, ratio_vs_pipelined: Math.round(ratio1 * 100) / 100,
      errors: { rest: a.errors, raw: b.errors, raw_pipelined: c.errors },
    });
    rows.push(`| ${engine} | ${s.name} | ${Math.round(a.rps)} | ${a.p99} | ${Math.round(b.rps)} | ${b.p99.toFixed(1)} | ${ratio.toFixed(2)}× | ${Math.round(c.rps)} | ${c.p99.toFixed(1)} | ${ratio1.toFixed(2)}× |`);
    console.error(rows[rows.length - 1]);
  }
  await pool.end();
  await app.close();
  await rest.close();
  await cleanup();
}
console.log(JSON.stringify({ concurrency: CONCURRENCY, seconds: SECONDS, results: json }, null, 2));
console.log(`\n| engine | scenario | REST req/s | REST p99 ms | raw pg tx/s | raw p99 ms | REST / raw | raw 1-trip tx/s | 1-trip p99 ms | REST / 1-trip |\n|---|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}`);
