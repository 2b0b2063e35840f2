// Foundation benchmark: platform start (cold and warm), project creation p50 over 10, RSS per active and
// per paused project. Runs the real CLI in a temp data dir; prints a JSON summary and a markdown table.
// Reproduce: npm run bench -- foundation   (or: npx tsx bench/foundation.ts)
import { readFileSync } from 'node:fs';
import { cliToken, envFor, startPlatform, tempDataDir, type Running } from '../tests/e2e/lib/platform.ts';

const N = Number(process.env.BENCH_PROJECTS ?? 10);

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const settle = () => new Promise((r) => setTimeout(r, 1500));

async function api(run: Running, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(run.platformUrl + path, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const dir = tempDataDir();
const env = { ...(await envFor(dir)), POWABASE_TEST_ROUTES: 'false', POWABASE_DEFAULT_PROJECT: '' };
let t = performance.now();
let run = await startPlatform(env, 300_000);
const coldStartMs = performance.now() - t;
await run.stop();
t = performance.now();
run = await startPlatform(env);
const warmStartMs = performance.now() - t;
const token = cliToken(dir);
const [org] = await api(run, token, 'GET', '/v1/organizations');
await settle();
const rssBase = rssMb(run.child.pid!);

const createMs: number[] = [];
const refs: string[] = [];
for (let i = 0; i < N; i++) {
  t = performance.now();
  const p = await api(run, token, 'POST', '/v1/projects', { name: `bench-${i}`, organization_id: org.slug });
  createMs.push(performance.now() - t);
  refs.push(p.ref);
}
await settle();
const rssActive = rssMb(run.child.pid!);
for (const ref of refs) await api(run, token, 'POST', `/v1/projects/${ref}/pause`);
await settle();
const rssPaused = rssMb(run.child.pid!);
await run.stop();

const out = {
  projects: N,
  platform_cold_start_ms: Math.round(coldStartMs),
  platform_warm_start_ms: Math.round(warmStartMs),
  create_project_p50_ms: Math.round(pct(createMs, 0.5)),
  create_project_p90_ms: Math.round(pct(createMs, 0.9)),
  create_project_max_ms: Math.round(Math.max(...createMs)),
  rss_platform_no_projects_mb: Math.round(rssBase),
  rss_per_active_project_mb: Math.round((rssActive - rssBase) / N),
  rss_per_paused_project_mb: Math.round(((rssPaused - rssBase) / N) * 10) / 10,
};
console.log(JSON.stringify(out, null, 2));
console.log(`\n| metric | value |\n|---|---|\n${Object.entries(out).map(([k, v]) => `| ${k} | ${v} |`).join('\n')}`);
