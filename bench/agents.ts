// Agents benchmark: a real in-process stack (PGlite with the base + ai migrations, the gateway with the AI
// service, listening on loopback) and, in a second process (this file forked with `--client`), the outside
// world: the timed scripted model (bench/agents-llm.ts, an OpenAI-compatible SSE server that also answers the
// agent's custom HTTP tool) and the SSE clients (fetch + an SSE reader), so model, tool and client traffic
// all cross loopback and the server's event loop is its own. Client and model share one clock (one process).
// Measures: (1) per-step overhead: sequential runs of S steps (S−1 tool steps calling a loopback HTTP tool,
// then a text answer), the model answering instantly; overhead per step = (client wall time to `complete` −
// model time at the model server) / S, p50/p95, and a least-squares split into per-run and per-step cost;
// (2) model's first content delta written → client's first `chunk` event, p50/p95/p99 over sequential runs;
// (3) rounds of C concurrent streamed runs (tool steps, then streamed deltas): errors, `complete` events,
// stored run statuses, server RSS and heap after a forced GC before and after each round. The service's database
// handle is wrapped to count and time its calls (per run, by statement) in part 1.
// Reproduce: npx tsx bench/agents.ts   (or: npm run bench -- agents)
// Env: BENCH_STEP_RUNS (60 per step count), BENCH_STEPS (1,4,10), BENCH_FIRST_RUNS (200), BENCH_CONCURRENT (100),
// BENCH_ROUNDS (3), BENCH_PARTS (steps,first,concurrent), BENCH_LOG (silent).
import { fork, type ChildProcess } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { benchMessage, expectedAnswer, now, startTimedLlm, type ModelCall, type RunScript } from './agents-llm.ts';

interface Stats { n: number; p50: number; p95: number; p99: number; max: number; mean: number }
function stats(xs: number[]): Stats {
  const s = xs.slice().sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)] : NaN);
  const r = (v: number) => Math.round(v * 100) / 100;
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the client saw of one run, plus the model server's record of it. */
interface RunResult {
  id: string; script: RunScript; status: number; error?: string;
  startAt: number; completeAt?: number; endAt: number; firstChunkAt?: number;
  chunks: number; content: string; completeContent?: string; events: string[];
  toolMs: number; calls: ModelCall[];
}

// =====================================================================================================
// Client process: the timed model + tool endpoint and the SSE clients, driven over IPC.
// =====================================================================================================
type Cmd =
  | { id: number; cmd: 'start' }
  | { id: number; cmd: 'target'; base: string; headers: Record<string, string>; agentId: string }
  | { id: number; cmd: 'runs'; scripts: Omit<RunScript, 'id'>[]; concurrency: number };

async function clientMain(): Promise<void> {
  const llm = await startTimedLlm();
  let target: { base: string; headers: Record<string, string>; agentId: string } | undefined;
  let seq = 0;

  async function one(s: RunScript): Promise<RunResult> {
    const r: RunResult = { id: s.id, script: s, status: 0, startAt: now(), endAt: 0, chunks: 0, content: '', events: [], toolMs: 0, calls: [] };
    try {
      const res = await fetch(`${target!.base}/agents/${target!.agentId}/run/stream`, {
        method: 'POST', headers: target!.headers, body: JSON.stringify({ message: benchMessage(s) }),
      });
      r.status = res.status;
      if (res.status !== 200) { r.error = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`; return r; }
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const at = now();
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const f = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!f.startsWith('data: ')) continue;
          const e = JSON.parse(f.slice(6));
          r.events.push(e.event);
          if (e.event === 'chunk') { r.firstChunkAt ??= at; r.chunks++; r.content += e.content; }
          else if (e.event === 'tool_result') r.toolMs += e.duration_ms;
          else if (e.event === 'complete') { r.completeAt = at; r.completeContent = e.content; }
          else if (e.event === 'error') r.error = `error event: ${e.code} ${e.message}`;
        }
      }
    } catch (e) {
      r.error = `client: ${(e as Error).message}`;
    } finally {
      r.endAt = now();
      r.calls = llm.take(s.id);
    }
    if (!r.error && r.completeAt === undefined) r.error = 'no complete event';
    if (!r.error && (r.completeContent !== expectedAnswer(s) || r.content !== expectedAnswer(s))) r.error = `wrong content: ${JSON.stringify(r.completeContent).slice(0, 80)}`;
    if (!r.error && r.calls.length !== s.tools + 1) r.error = `model saw ${r.calls.length} calls, expected ${s.tools + 1}`;
    return r;
  }

  const handle = async (c: Cmd): Promise<unknown> => {
    switch (c.cmd) {
      case 'start': return { llmUrl: llm.url, toolUrl: llm.toolUrl };
      case 'target': target = { base: c.base, headers: c.headers, agentId: c.agentId }; return {};
      case 'runs': {
        const out: RunResult[] = new Array(c.scripts.length);
        let next = 0;
        const cpu = process.cpuUsage();
        const t = now();
        await Promise.all(Array.from({ length: Math.min(c.concurrency, c.scripts.length) }, async () => {
          while (next < c.scripts.length) {
            const k = next++;
            out[k] = await one({ id: `r${++seq}`, ...c.scripts[k] });
          }
        }));
        const u = process.cpuUsage(cpu);
        return { results: out, ms: now() - t, clientCpuMs: (u.user + u.system) / 1000 };
      }
    }
  };
  process.on('message', (c: Cmd) => {
    handle(c).then((result) => process.send!({ id: c.id, result }), (e) => process.send!({ id: c.id, error: String(e?.stack ?? e) }));
  });
  process.on('disconnect', () => { void llm.close().then(() => process.exit(0)); });
}

// =====================================================================================================
// Server process: the stack and the orchestration.
// =====================================================================================================
async function serverMain(): Promise<void> {
  const { createLogger, projectRef, secret } = await import('@powabase/core');
  const { baseMigrations, migrate, openPglite } = await import('@powabase/db');
  const { issueProjectKeys } = await import('@powabase/keys');
  const { createGateway } = await import('@powabase/gateway');
  const { aiMigrations, createAiService, createFsFileStore, defaultAiConfig } = await import('@powabase/ai');
  const { FAKE_KEY } = await import('../services/ai/test/fake-embeddings.ts');

  const STEP_RUNS = Number(process.env.BENCH_STEP_RUNS ?? 60);
  const STEPS = (process.env.BENCH_STEPS ?? '1,4,10').split(',').map(Number);
  const FIRST_RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 200);
  const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const PARTS = new Set((process.env.BENCH_PARTS ?? 'steps,first,concurrent').split(',').map((p) => p.trim()));
  const log = createLogger({ level: process.env.BENCH_LOG ?? 'silent' });
  const say = (m: string) => process.stderr.write(`# ${m}\n`);

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const memory = async () => {
    gc(); await sleep(300); gc();
    const m = process.memoryUsage();
    return { rssMb: Math.round(m.rss / 2 ** 20), heapMb: Math.round((m.heapUsed / 2 ** 20) * 10) / 10 };
  };

  // ---- the client process and its IPC
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (m: any) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error)); else p?.resolve(m.result);
  });
  const ask = <T = any>(c: Record<string, unknown>): Promise<T> => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    child.send({ ...c, id });
  });
  const { llmUrl, toolUrl } = await ask<{ llmUrl: string; toolUrl: string }>({ cmd: 'start' });

  // ---- the stack
  const dir = await mkdtemp(join(tmpdir(), 'powabase-bench-agents-'));
  const raw = await openPglite({ dataDir: join(dir, 'db'), password: secret(12) });
  await migrate(raw, [baseMigrations(), aiMigrations()]);
  // the service's database calls, timed: statement (first words) → [count, total ms]
  const dbCalls = new Map<string, [number, number]>();
  const timed = <A extends unknown[], T>(kind: string, fn: (...a: A) => Promise<T>) => async (...a: A): Promise<T> => {
    const t = performance.now();
    try { return await fn(...a); } finally {
      const key = kind === 'query' ? String(a[0]).replace(/\s+/g, ' ').trim().slice(0, 70) : kind;
      const e = dbCalls.get(key) ?? [0, 0];
      e[0]++; e[1] += performance.now() - t;
      dbCalls.set(key, e);
    }
  };
  const db: typeof raw = Object.assign(Object.create(raw), {
    query: timed('query', raw.query.bind(raw)), tx: timed('tx', raw.tx.bind(raw)), withRole: timed('withRole', raw.withRole.bind(raw)),
  });
  const dbSnapshot = () => new Map([...dbCalls].map(([k, v]) => [k, [...v] as [number, number]]));
  const dbDiff = (before: Map<string, [number, number]>, runsN: number) => {
    const d = [...dbCalls].map(([k, [n, ms]]) => [k, n - (before.get(k)?.[0] ?? 0), ms - (before.get(k)?.[1] ?? 0)] as [string, number, number]).filter((x) => x[1] > 0);
    return {
      calls_per_run: Math.round((d.reduce((a, x) => a + x[1], 0) / runsN) * 10) / 10,
      ms_per_run: Math.round((d.reduce((a, x) => a + x[2], 0) / runsN) * 100) / 100,
      by_statement: d.sort((a, b) => b[2] - a[2]).map(([k, n, ms]) => ({ statement: k, per_run: Math.round((n / runsN) * 10) / 10, ms_per_run: Math.round((ms / runsN) * 100) / 100 })),
    };
  };
  const ref = projectRef();
  const keys = await issueProjectKeys(ref);
  const project = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  const files = createFsFileStore({ root: join(dir, 'files') });
  const ai = await createAiService({
    db, project, files, log,
    config: defaultAiConfig({
      worker: { enabled: false }, validateKeysOnline: false,
      urlImport: { blockPrivateAddresses: false }, // the tool lives on loopback
      providerBaseUrls: { openai: llmUrl },
    } as never),
  });
  const app = await createGateway({ project, services: { api: ai } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
  const headers = { apikey: keys.serviceRoleKey, authorization: `Bearer ${keys.serviceRoleKey}`, 'content-type': 'application/json' };
  const post = async (path: string, json: unknown) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(json) });
    const body = await r.json() as any;
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  };
  await post('/ai-provider-keys', { provider: 'openai', api_key: FAKE_KEY });
  const agent = await post('/agents', { name: 'Bench', model: 'gpt-4o-mini', system_prompt: 'Use the tool, then answer.' });
  const tool = await post('/tools', {
    name: 'bench_echo', description: 'Echoes its arguments', input_schema: { type: 'object', properties: { step: { type: 'integer' } } },
    config: { endpoint: toolUrl },
  });
  await post(`/agents/${agent.id}/tools`, { tool_type: 'custom', tool_id: tool.id });
  await ask({ cmd: 'target', base, headers, agentId: agent.id });

  type Batch = { results: RunResult[]; ms: number; clientCpuMs: number };
  const runs = (scripts: Omit<RunScript, 'id'>[], concurrency: number) => ask<Batch>({ cmd: 'runs', scripts, concurrency });
  const failures = (b: Batch) => b.results.filter((r) => r.error);
  const modelMs = (r: RunResult) => r.calls.reduce((n, c) => n + (c.endAt - c.recvAt), 0);
  const out: Record<string, unknown> = {};
  const rows: [string, string][] = [];

  // warm-up: JIT, connection pools, prepared statements
  const warm = await runs(Array.from({ length: 20 }, () => ({ tools: 2, deltas: 3, gapMs: 0 })), 1);
  if (failures(warm).length) throw new Error(`warm-up failed: ${failures(warm)[0].error}`);
  say('warm-up done');

  // ---------- 1. per-step overhead ----------
  if (PARTS.has('steps')) {
    const points: [number, number][] = []; // [steps, overhead ms of the run]
    const per: Record<string, unknown> = {};
    for (const S of STEPS) {
      const before = dbSnapshot();
      const b = await runs(Array.from({ length: STEP_RUNS }, () => ({ tools: S - 1, deltas: 3, gapMs: 0 })), 1);
      const bad = failures(b);
      if (bad.length) throw new Error(`${bad.length} runs failed at ${S} steps: ${bad[0].error}`);
      const perStep = b.results.map((r) => (r.completeAt! - r.startAt - modelMs(r)) / S);
      const perStepNoTool = b.results.map((r) => (r.completeAt! - r.startAt - modelMs(r) - r.toolMs) / S);
      const wall = b.results.map((r) => r.completeAt! - r.startAt);
      const model = b.results.map(modelMs);
      const toEnd = b.results.map((r) => r.endAt - r.completeAt!);
      for (const r of b.results) points.push([S, r.completeAt! - r.startAt - modelMs(r)]);
      const dbUse = dbDiff(before, b.results.length);
      per[`steps_${S}`] = { runs: b.results.length, wall: stats(wall), model: stats(model), overhead_per_step: stats(perStep), overhead_per_step_excl_tool: stats(perStepNoTool), complete_to_stream_end: stats(toEnd), db: dbUse };
      const st = stats(perStep);
      const nt = stats(perStepNoTool);
      rows.push([`${S} step${S > 1 ? 's' : ''} (${S - 1} tool + answer), ${b.results.length} runs: wall p50; model p50 ms`, `${stats(wall).p50}; ${stats(model).p50}`]);
      rows.push([`  service database calls per run; their summed latency ms per run`, `${dbUse.calls_per_run}; ${dbUse.ms_per_run}`]);
      rows.push([`  overhead per step p50 / p95 ms (excl. tool time p50 / p95)`, `**${st.p50} / ${st.p95}** (${nt.p50} / ${nt.p95}) (target ≤ 5: ${st.p95 <= 5 ? 'met' : st.p50 <= 5 ? 'met at p50' : 'not met'})`]);
      say(`steps=${S}: overhead/step p50 ${st.p50} p95 ${st.p95} ms`);
    }
    // least squares: overhead(run) = fixed + perStep × S
    const n = points.length;
    const mx = points.reduce((a, p) => a + p[0], 0) / n;
    const my = points.reduce((a, p) => a + p[1], 0) / n;
    const slope = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / (points.reduce((a, p) => a + (p[0] - mx) ** 2, 0) || 1);
    const fixed = my - slope * mx;
    per.fit = { fixed_per_run_ms: Math.round(fixed * 100) / 100, marginal_per_step_ms: Math.round(slope * 100) / 100 };
    rows.push(['least-squares fit of run overhead: fixed per run + per extra step ms', `${Math.round(fixed * 10) / 10} + ${Math.round(slope * 100) / 100} × steps`]);
    out.steps = per;
  }

  // ---------- 2. first token → first chunk ----------
  if (PARTS.has('first')) {
    const b = await runs(Array.from({ length: FIRST_RUNS }, () => ({ tools: 0, deltas: 5, gapMs: 5 })), 1);
    const bad = failures(b);
    if (bad.length) throw new Error(`${bad.length} runs failed: ${bad[0].error}`);
    const lat = b.results.map((r) => r.firstChunkAt! - r.calls.at(-1)!.firstContentAt!);
    const s = stats(lat);
    out.first_chunk = { runs: b.results.length, latency: s };
    rows.push([`model's first delta written → client's first \`chunk\` (${s.n} runs) p50 / p95 / p99 / max ms`, `${s.p50} / **${s.p95}** / ${s.p99} / ${s.max} (target p95 ≤ 10: ${s.p95 <= 10 ? 'met' : 'not met'})`]);
    say(`first chunk: p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} ms`);
  }

  // ---------- 3. concurrent streamed runs ----------
  if (PARTS.has('concurrent')) {
    const mem = [await memory()];
    const rounds: unknown[] = [];
    let errors = 0;
    let completes = 0;
    let total = 0;
    const firstChunks: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const cpu = process.cpuUsage();
      const b = await runs(Array.from({ length: CONCURRENT }, () => ({ tools: 2, deltas: 20, gapMs: 5 })), CONCURRENT);
      const u = process.cpuUsage(cpu);
      const bad = failures(b);
      errors += bad.length;
      total += b.results.length;
      completes += b.results.filter((r) => r.completeAt !== undefined).length;
      for (const r of b.results) if (r.firstChunkAt && r.calls.at(-1)?.firstContentAt) firstChunks.push(r.firstChunkAt - r.calls.at(-1)!.firstContentAt!);
      const wall = stats(b.results.map((r) => (r.completeAt ?? r.endAt) - r.startAt));
      const m = await memory();
      mem.push(m);
      rounds.push({ round, runs: b.results.length, errors: bad.length, firstError: bad[0]?.error, ms: Math.round(b.ms), wall, serverCpuMs: Math.round((u.user + u.system) / 1000), clientCpuMs: Math.round(b.clientCpuMs), memory: m });
      say(`round ${round}: ${b.results.length - bad.length}/${b.results.length} ok in ${Math.round(b.ms)} ms, wall p50 ${wall.p50} p95 ${wall.p95}; rss ${m.rssMb} MB heap ${m.heapMb} MB${bad.length ? `; first error: ${bad[0].error}` : ''}`);
    }
    const stored = (await db.query<{ status: string; n: number }>('select status, count(*)::int as n from ai.agent_runs group by status order by status')).rows;
    const fc = stats(firstChunks);
    out.concurrent = { concurrency: CONCURRENT, rounds, memory: mem, stored, first_chunk_under_load: fc };
    rows.push([`${ROUNDS} rounds × ${CONCURRENT} concurrent runs (2 tool steps + 20 deltas 5 ms apart): errors; \`complete\` received`, `**${errors}**; ${completes}/${total} (target 0 errors: ${errors === 0 && completes === total ? 'met' : 'not met'})`]);
    rows.push(['  run wall time p50 / p95 ms per round', (rounds as any[]).map((r) => `${r.wall.p50} / ${r.wall.p95}`).join('; ')]);
    rows.push(['  round duration ms; server process CPU ms per run (all threads)', (rounds as any[]).map((r) => `${r.ms}; ${Math.round((r.serverCpuMs / r.runs) * 10) / 10}`).join(' — ')]);
    rows.push(['  stored runs by status (all parts)', stored.map((s) => `${s.status} ${s.n}`).join(', ')]);
    rows.push(['  first delta → first chunk under load p50 / p95 / p99 ms', `${fc.p50} / ${fc.p95} / ${fc.p99}`]);
    rows.push(['  server RSS after forced GC: before / after each round MB', mem.map((m) => m.rssMb).join(' / ')]);
    rows.push(['  server heap used after forced GC: before / after each round MB', mem.map((m) => m.heapMb).join(' / ')]);
  }

  child.disconnect();
  await app.close();
  await ai.close();
  await raw.close();
  await rm(dir, { recursive: true, force: true });

  console.log(JSON.stringify(out, null, 2));
  console.log('\n| metric | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  process.exit(0);
}

if (process.argv.includes('--client')) await clientMain();
else await serverMain();
