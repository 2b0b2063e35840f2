// Test stack: a real project in-process — a fresh database (PGlite, or a database on the PostgreSQL server
// behind TEST_PG_URL) with base + storage migrations, the gateway with the storage service mounted,
// listening on a loopback port, and a file or S3 (s3rver) backend. supabase-js clients for each role.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import ws from 'ws';
import S3rver from 's3rver';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createLogger, projectRef, type ProjectInfo } from '@powabase/core';
import { baseMigrations, migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { createGateway } from '@powabase/gateway';
import { issueProjectKeys, signJwt } from '@powabase/keys';
import {
  createFileBackend, createS3Backend, createStorageService, defaultStorageConfig, storageMigrations,
  type ObjectBackend, type StorageConfig,
} from '../src/index.ts';

export type Engine = 'pglite' | 'postgres';

/** Static S3-protocol credentials configured on every test stack. */
export const S3_KEY = { id: 'powabase-test-key', secret: 'powabase-test-secret' };
export type BackendKind = 'file' | 's3';

export const PG_URL = process.env.TEST_PG_URL;
export const pgSkip = PG_URL ? false : 'TEST_PG_URL not set';

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `powabase-storage-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A throwaway database: PGlite in a temp folder, or `t_<random>` on the server behind TEST_PG_URL. */
export async function openTestDb(engine: Engine): Promise<{ db: Db; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = await tempDir('db');
    const db = await openPglite({ dataDir: dir.path, password: randomBytes(8).toString('hex') });
    return { db, drop: async () => { await db.close(); await dir.remove(); } };
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString() });
  return {
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}

/** An S3-protocol server on a loopback port with one bucket, and its client settings. */
export async function startS3(): Promise<{ endpoint: string; bucket: string; client: Record<string, unknown>; close(): Promise<void> }> {
  const dir = await tempDir('s3');
  const bucket = 'powabase-test';
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir.path, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint, bucket,
    client: { endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    async close() { await server.close(); await dir.remove(); },
  };
}

export interface Stack {
  url: string;
  storageUrl: string;
  project: ProjectInfo;
  db: Db;
  backend: ObjectBackend;
  /** File backend: the project's folder, alone inside `backendParent` (so escapes would be visible there). */
  backendRoot?: string;
  backendParent?: string;
  /** S3 backend: the server's client settings and bucket (to look outside the project's prefix). */
  s3?: { client: Record<string, unknown>; bucket: string };
  /** supabase-js as the service role, as anon, and as a signed-in user. */
  service: SupabaseClient;
  anon: SupabaseClient;
  userClient(sub?: string): Promise<{ client: SupabaseClient; sub: string; token: string }>;
  userToken(sub: string, extra?: Record<string, unknown>): Promise<string>;
  /** Raw fetch under /storage/v1 with the given bearer (default: service role) and apikey. */
  fetch(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Stops the gateway and the service and starts new ones on the same port, database, backend and TUS folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions { engine?: Engine; backend?: BackendKind; config?: Partial<StorageConfig> }

export function clientFor(url: string, anonKey: string, token?: string): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    ...(token ? { accessToken: async () => token } : {}),
  });
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const engine = o.engine ?? 'pglite';
  const { db, drop } = await openTestDb(engine);
  await migrate(db, [baseMigrations(), storageMigrations()]);
  const ref = projectRef();
  const keys = await issueProjectKeys(ref);
  const project: ProjectInfo = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };

  let backend: ObjectBackend;
  let backendRoot: string | undefined;
  let backendParent: string | undefined;
  let s3info: Stack['s3'];
  const cleanups: (() => Promise<void>)[] = [];
  if ((o.backend ?? 'file') === 'file') {
    const dir = await tempDir('files');
    backendParent = dir.path;
    backendRoot = join(dir.path, 'project');
    backend = createFileBackend({ root: backendRoot });
    cleanups.push(dir.remove);
  } else {
    const s3 = await startS3();
    backend = createS3Backend({ client: s3.client, bucket: s3.bucket, prefix: `projects/${ref}/` });
    s3info = { client: s3.client, bucket: s3.bucket };
    cleanups.push(s3.close);
  }
  const tusDir = await tempDir('tus');
  cleanups.push(tusDir.remove);
  const config = defaultStorageConfig({
    ...o.config,
    tus: { ...defaultStorageConfig().tus, dir: tusDir.path, ...o.config?.tus },
    s3Protocol: { enabled: true, region: 'local', accessKeyId: S3_KEY.id, secretAccessKey: S3_KEY.secret, ...o.config?.s3Protocol },
  });
  // STORAGE_TEST_LOG=1 shows the service's warnings and errors (500 causes) while debugging a test.
  const log = process.env.STORAGE_TEST_LOG ? createLogger({ level: 'warn' }) : undefined;
  async function serve(port: number) {
    const storage = createStorageService({ db, project, backend, config, log });
    const gateway = await createGateway({ project, services: { storage } });
    await gateway.listen({ host: '127.0.0.1', port });
    return gateway;
  }
  let app = await serve(0);
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  project.url = url;

  const userToken = (sub: string, extra: Record<string, unknown> = {}) =>
    signJwt(keys.jwtSecret, { sub, role: 'authenticated', aud: 'authenticated', ...extra }, { expiresInS: 3600 });

  return {
    url, storageUrl: `${url}/storage/v1`, project, db, backend, backendRoot, backendParent, s3: s3info,
    service: clientFor(url, keys.serviceRoleKey),
    anon: clientFor(url, keys.anonKey),
    async userClient(sub = randomUUID()) {
      const token = await userToken(sub);
      return { client: clientFor(url, keys.anonKey, token), sub, token };
    },
    userToken,
    fetch(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = token === undefined ? keys.serviceRoleKey : token;
      if (bearer !== null) {
        headers.set('authorization', `Bearer ${bearer}`);
        if (!headers.has('apikey')) headers.set('apikey', keys.anonKey);
      }
      return fetch(`${url}/storage/v1${path}`, { ...rest, headers });
    },
    sql: (text, params) => db.query(text, params),
    async restart() {
      await app.close();
      app = await serve(port);
    },
    async close() {
      await app.close();
      await backend.close?.();
      await drop();
      for (const c of cleanups) await c();
    },
  };
}

export const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function bodyOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** A request with its path sent verbatim (fetch would normalise `..` and `%2e`), for traversal tests. */
export function rawRequest(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: o.method ?? 'GET', path, headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Every file under a folder (relative paths), for "nothing escaped" checks. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  }
  await walk(dir);
  return out.sort();
}

/** Polls `check` until it holds (bounded): for effects of a client disconnect the server sees asynchronously. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
