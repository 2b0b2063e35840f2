// Storage benchmark: a 1 GB upload and download through the real stack (PGlite + storage migrations, the
// gateway with the storage service on the file backend, listening on loopback), as a ratio to a raw loopback
// copy of the same bytes in the same run (a plain Node http server streaming to / from a file in the same
// temp folder), peak RSS growth during each transfer, and 4 KB object upload / download requests/s.
// The big file is generated as a stream (never held in memory). Client and server share the process and its
// 2 cores in both cases. Each transfer is repeated, paired with its baseline in alternating order (the machine
// is shared); ratios are medians of the pairs. CPU seconds per GB (whole process, kernel time included) are
// less sensitive to other load: their ratio is what a CPU-bound machine would show.
// Reproduce: npx tsx bench/storage.ts   (or: npm run bench -- storage)
// Env: BENCH_BIG_MB (1024; e.g. 64 for a quick run), BENCH_REPEAT (4), BENCH_SMALL (2000 requests of 4 KB; 0 skips),
// BENCH_CONCURRENCY (8, small objects), BENCH_VERIFY (1: md5 the downloads too; default 0, it costs CPU).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon, { type Request } from 'autocannon';
import { createLogger, projectRef, secret } from '@powabase/core';
import { baseMigrations, migrate, openPglite } from '@powabase/db';
import { issueProjectKeys } from '@powabase/keys';
import { createGateway } from '@powabase/gateway';
import { createFileBackend, createStorageService, defaultStorageConfig, storageMigrations } from '@powabase/storage';

const BIG = Number(process.env.BENCH_BIG_MB ?? 1024) * 1024 * 1024;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 4);
const SMALL = Number(process.env.BENCH_SMALL ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
const VERIFY = process.env.BENCH_VERIFY === '1';
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

// ---- the bytes: a 1 MiB random block repeated with a shifting offset (views of it, nothing copied)
const block = randomBytes(MB + CHUNK);
function* chunks(): Generator<Buffer> {
  for (let sent = 0, i = 0; sent < BIG; i++) {
    const n = Math.min(CHUNK, BIG - sent);
    const at = (i * 4099) % MB;
    yield block.subarray(at, at + n);
    sent += n;
  }
}
const source = () => Readable.from(chunks(), { objectMode: false });
async function md5Of(src: Readable): Promise<string> {
  const h = createHash('md5');
  for await (const c of src) h.update(c as Buffer);
  return h.digest('hex');
}

// ---- RSS sampling
interface Sampled<T> { value: T; seconds: number; cpuSeconds: number; rssGrowthMb: number }
/** Runs a transfer, sampling RSS every 10 ms (peak minus the value before) and the process's CPU time. */
async function sampled<T>(fn: () => Promise<T>): Promise<Sampled<T>> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const cpu = process.cpuUsage();
  const t = performance.now();
  try {
    const value = await fn();
    const u = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - t) / 1000, cpuSeconds: (u.user + u.system) / 1e6, rssGrowthMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

// ---- a client that streams a body up, or a response down into a byte counter (or md5)
function send(url: string, method: string, headers: Record<string, string>, body: Readable): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(BIG) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
}

function receive(url: string, headers: Record<string, string> = {}): Promise<{ bytes: number; md5?: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      const h = VERIFY ? createHash('md5') : null;
      let bytes = 0;
      const sink = new Writable({ write(c: Buffer, _e, cb) { bytes += c.length; h?.update(c); cb(); } });
      pipeline(res, sink).then(() => resolve({ bytes, md5: h?.digest('hex') }), reject);
    }).on('error', reject);
  });
}

// ---- the raw baseline: a plain http server streaming to / from a file in the same folder
const dir = await mkdtemp(join(tmpdir(), 'powabase-bench-storage-'));
const rawFile = join(dir, 'raw.bin');
const raw = http.createServer((req, res) => {
  if (req.method === 'PUT') {
    // as the file backend does: into a temp file, then renamed into place
    const tmp = `${rawFile}.${secret(6)}`;
    pipeline(req, createWriteStream(tmp)).then(() => rename(tmp, rawFile)).then(
      () => res.end('{}'), (e) => { res.statusCode = 500; res.end(String(e)); });
  } else {
    stat(rawFile).then((st) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size });
      return pipeline(createReadStream(rawFile), res);
    }).catch(() => { res.statusCode = 500; res.end(); });
  }
});
await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/raw.bin`;

// ---- the stack
const db = await openPglite({ dataDir: join(dir, 'db'), password: secret(12) });
await migrate(db, [baseMigrations(), storageMigrations()]);
const ref = projectRef();
const keys = await issueProjectKeys(ref);
const project = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
const config = defaultStorageConfig({
  fileSizeLimit: BIG + MB, // the bench uploads the big file in one simple upload (default limit: 50 MiB)
  tus: { ...defaultStorageConfig().tus, dir: join(dir, 'tus') },
});
const storage = createStorageService({
  db, project, config, backend: createFileBackend({ root: join(dir, 'files') }),
  log: createLogger({ level: process.env.BENCH_LOG ?? 'silent' }),
});
const app = await createGateway({ project, services: { storage } });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/storage/v1`;
const auth = { authorization: `Bearer ${keys.serviceRoleKey}`, apikey: keys.serviceRoleKey };
const made = await fetch(`${base}/bucket`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'bench', name: 'bench' }) });
if (made.status !== 200) throw new Error(`create bucket: ${made.status} ${await made.text()}`);
const bigUrl = `${base}/object/bench/big.bin`;
const upHeaders = { ...auth, 'content-type': 'application/octet-stream', 'x-upsert': 'true' };

// ---- big transfers
const expectedMd5 = await md5Of(source());
interface Transfer { mbPerS: number; cpuSPerGb: number; rssGrowthMb: number }
const big: Record<string, Transfer[]> = { raw_upload: [], upload: [], raw_download: [], download: [] };
const asTransfer = (s: Sampled<unknown>): Transfer => ({
  mbPerS: BIG / MB / s.seconds, cpuSPerGb: s.cpuSeconds / (BIG / 1024 / MB), rssGrowthMb: s.rssGrowthMb,
});
async function rawUpload(): Promise<void> {
  const ru = await sampled(() => send(rawUrl, 'PUT', {}, source()));
  if (ru.value.status !== 200) throw new Error(`raw upload: ${ru.value.status}`);
  big.raw_upload.push(asTransfer(ru));
}
async function upload(): Promise<void> {
  const up = await sampled(() => send(bigUrl, 'POST', upHeaders, source()));
  if (up.value.status !== 200) throw new Error(`upload: ${up.value.status} ${up.value.text}`);
  big.upload.push(asTransfer(up));
  const info = await fetch(`${base}/object/info/bench/big.bin`, { headers: auth }).then((r) => r.json()) as { etag?: string; metadata?: { eTag?: string } };
  const etag = info.etag ?? info.metadata?.eTag;
  if (etag !== `"${expectedMd5}"`) throw new Error(`stored etag ${etag}, expected "${expectedMd5}"`);
}
async function rawDownload(): Promise<void> {
  big.raw_download.push(asTransfer(await sampled(() => receive(rawUrl))));
}
async function download(): Promise<void> {
  const down = await sampled(() => receive(bigUrl, auth));
  if (down.value.bytes !== BIG) throw new Error(`download: ${down.value.bytes} bytes of ${BIG}`);
  if (VERIFY && down.value.md5 !== expectedMd5) throw new Error('download differs from the upload');
  big.download.push(asTransfer(down));
}
// each pair runs in alternating order (raw first, then the stack first), so a drift in load favours neither
for (let r = 0; r < REPEAT; r++) {
  if (r % 2 === 0) { await rawUpload(); await upload(); await rawDownload(); await download(); }
  else { await upload(); await rawUpload(); await download(); await rawDownload(); }
}
await rm(rawFile, { force: true });

// ---- small objects: 4 KB uploads (new keys) then downloads (of those keys), C connections
const small = randomBytes(4096);
/** Timed to the last response: autocannon notices the end on a 1 s tick, which would round runs up to whole seconds. */
async function cannon(amount: number, req: Request): Promise<{ perS: number; p50: number; p99: number }> {
  let done = 0;
  let end = 0;
  const onResponse: Request['onResponse'] = () => { if (++done === amount) end = performance.now(); };
  const t = performance.now();
  const r = await autocannon({ url: base, amount, connections: C, pipelining: 1, timeout: 30, requests: [{ ...req, onResponse }] });
  if (r.non2xx || r.errors || r.timeouts || r['2xx'] !== amount) throw new Error(`${req.method}: ${r['2xx']} ok of ${amount}, ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { perS: amount / ((end - t) / 1000), p50: r.latency.p50, p99: r.latency.p99 };
}
const smallRuns: Record<string, { perS: number; p50: number; p99: number }[]> = { upload: [], download: [] };
for (let r = 0; r < (SMALL > 0 ? REPEAT : 0); r++) {
  let up = 0;
  let down = 0;
  smallRuns.upload.push(await cannon(SMALL, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: small,
    setupRequest: (req) => ({ ...req, path: `/storage/v1/object/bench/small/${r}/${up++}.bin` }),
  }));
  smallRuns.download.push(await cannon(SMALL, {
    method: 'GET', headers: auth,
    setupRequest: (req) => ({ ...req, path: `/storage/v1/object/bench/small/${r}/${down++ % SMALL}.bin` }),
  }));
}

await app.close();
await new Promise((r) => raw.close(r));
await db.close();
await rm(dir, { recursive: true, force: true });

// ---- the report
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const r0 = (x: number) => Math.round(x);
const r2 = (x: number) => Math.round(x * 100) / 100;
const mbps = (k: string) => r0(median(big[k].map((x) => x.mbPerS)));
const range = (xs: number[]) => `${r0(Math.min(...xs))}-${r0(Math.max(...xs))}`;
const ratios = (a: string, b: string) => big[a].map((x, i) => x.mbPerS / big[b][i].mbPerS); // pairs by round
const result = {
  engine: 'pglite',
  backend: 'file',
  big_file_mb: BIG / MB,
  repeats: REPEAT,
  raw_upload_mb_s: mbps('raw_upload'),
  upload_mb_s: mbps('upload'),
  upload_mb_s_spread: range(big.upload.map((x) => x.mbPerS)),
  upload_to_raw_ratio: r2(median(ratios('upload', 'raw_upload'))),
  upload_to_raw_ratio_spread: big.upload.map((_, i) => r2(ratios('upload', 'raw_upload')[i])).join(' / '),
  raw_upload_cpu_s_per_gb: r2(median(big.raw_upload.map((x) => x.cpuSPerGb))),
  upload_cpu_s_per_gb: r2(median(big.upload.map((x) => x.cpuSPerGb))),
  upload_to_raw_cpu_ratio: r2(median(big.raw_upload.map((x) => x.cpuSPerGb)) / median(big.upload.map((x) => x.cpuSPerGb))),
  upload_rss_growth_mb_max: r0(Math.max(...big.upload.map((x) => x.rssGrowthMb))),
  raw_upload_rss_growth_mb_max: r0(Math.max(...big.raw_upload.map((x) => x.rssGrowthMb))),
  raw_download_mb_s: mbps('raw_download'),
  download_mb_s: mbps('download'),
  download_mb_s_spread: range(big.download.map((x) => x.mbPerS)),
  download_to_raw_ratio: r2(median(ratios('download', 'raw_download'))),
  download_to_raw_ratio_spread: big.download.map((_, i) => r2(ratios('download', 'raw_download')[i])).join(' / '),
  raw_download_cpu_s_per_gb: r2(median(big.raw_download.map((x) => x.cpuSPerGb))),
  download_cpu_s_per_gb: r2(median(big.download.map((x) => x.cpuSPerGb))),
  download_to_raw_cpu_ratio: r2(median(big.raw_download.map((x) => x.cpuSPerGb)) / median(big.download.map((x) => x.cpuSPerGb))),
  download_rss_growth_mb_max: r0(Math.max(...big.download.map((x) => x.rssGrowthMb))),
  raw_download_rss_growth_mb_max: r0(Math.max(...big.raw_download.map((x) => x.rssGrowthMb))),
  small_concurrency: C,
  small_upload_4kb_per_s: r0(median(smallRuns.upload.map((x) => x.perS))),
  small_upload_4kb_per_s_spread: range(smallRuns.upload.map((x) => x.perS)),
  small_upload_p50_ms: r0(median(smallRuns.upload.map((x) => x.p50))),
  small_upload_p99_ms: r0(median(smallRuns.upload.map((x) => x.p99))),
  small_download_4kb_per_s: r0(median(smallRuns.download.map((x) => x.perS))),
  small_download_4kb_per_s_spread: range(smallRuns.download.map((x) => x.perS)),
  small_download_p50_ms: r0(median(smallRuns.download.map((x) => x.p50))),
  small_download_p99_ms: r0(median(smallRuns.download.map((x) => x.p99))),
};
console.log(JSON.stringify(result, null, 2));
console.log('\n| metric | value |\n|---|---|');
for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${v} |`);
