// Test stack: a project database (PGlite in a temp folder, or a fresh database on the PostgreSQL server
// behind TEST_PG_URL) with base + ai migrations, the gateway with the AI service mounted on a loopback
// port, a filesystem FileStore, and fetch helpers that send the service role key.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createLogger, projectRef, silentLogger, type ProjectInfo } from '@powabase/core';
import { baseMigrations, migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { createGateway } from '@powabase/gateway';
import { issueProjectKeys, signJwt } from '@powabase/keys';
import { aiMigrations, createAiService, createFsFileStore, defaultAiConfig, type AiConfig, type AiServiceMount, type FileStore } from '../src/index.ts';

export const PG_URL = process.env.TEST_PG_URL;
export const pgSkip = PG_URL ? false : 'TEST_PG_URL not set';

export async function tempDir(prefix: string) {
  const path = await mkdtemp(join(tmpdir(), `powabase-ai-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function openTestDb(engine: 'pglite' | 'postgres'): Promise<{ db: Db; drop(): Promise<void> }> {
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

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const TEST_CONFIG: DeepPartial<AiConfig> = {
  worker: { pollMs: 50, leaseMs: 3000, backoffMs: 50, backoffMaxMs: 200 },
  urlImport: { blockPrivateAddresses: false, timeoutMs: 5000 },
  validateKeysOnline: false,
};

export interface Stack {
  url: string;
  project: ProjectInfo;
  db: Db;
  files: FileStore;
  filesRoot: string;
  ai: AiServiceMount;
  api(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<{ status: number; body: T }>;
  userToken(sub?: string): Promise<string>;
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Restarts the AI service (a new worker and threads) on the same database and files. */
  restart(config?: DeepPartial<AiConfig>): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions { engine?: 'pglite' | 'postgres'; config?: DeepPartial<AiConfig>; db?: Db }

function merge(a: DeepPartial<AiConfig>, b: DeepPartial<AiConfig> = {}): DeepPartial<AiConfig> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...(a as any)[k], ...v } : v;
  return out as DeepPartial<AiConfig>;
}

const testLog = process.env.AI_TEST_LOG ? createLogger({ level: process.env.AI_TEST_LOG }) : silentLogger;

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const opened = o.db ? { db: o.db, drop: async () => {} } : await openTestDb(o.engine ?? 'pglite');
  const { db } = opened;
  await migrate(db, [baseMigrations(), aiMigrations()]);
  const ref = projectRef();
  const keys = await issueProjectKeys(ref);
  const project: ProjectInfo = { ref, url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  const filesDir = await tempDir('files');
  const files = createFsFileStore({ root: filesDir.path });
  let ai = await createAiService({ db, project, files, config: defaultAiConfig(merge(TEST_CONFIG, o.config) as never), log: testLog });
  let app = await createGateway({ project, services: { api: ai } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  project.url = url;

  const api: Stack['api'] = (path, init = {}) => {
    const { token, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    const bearer = token === undefined ? keys.serviceRoleKey : token;
    if (!headers.has('apikey')) headers.set('apikey', bearer === keys.serviceRoleKey ? keys.serviceRoleKey : keys.anonKey);
    if (bearer !== null) headers.set('authorization', `Bearer ${bearer}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${url}/api${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  const stack: Stack = {
    url, project, db, files, filesRoot: filesDir.path, ai, api,
    async json(path, init) {
      const res = await api(path, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    userToken: (sub = randomUUID()) => signJwt(keys.jwtSecret, { sub, role: 'authenticated', aud: 'authenticated' }, { expiresInS: 3600 }),
    sql: (text, params) => db.query(text, params),
    async restart(config) {
      await app.close();
      await ai.close();
      ai = await createAiService({ db, project, files, config: defaultAiConfig(merge(merge(TEST_CONFIG, o.config), config) as never), log: testLog });
      app = await createGateway({ project, services: { api: ai } });
      await app.listen({ host: '127.0.0.1', port });
      stack.ai = ai;
    },
    async close() {
      await app.close();
      await ai.close();
      await opened.drop();
      await filesDir.remove();
    },
  };
  return stack;
}

/** Polls until `check` returns a value (bounded); for asynchronous work the worker does. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function form(file: { name: string; data: Uint8Array | string; type?: string }, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set('file', new Blob([typeof file.data === 'string' ? file.data : Buffer.from(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return fd;
}

export async function upload(s: Stack, file: { name: string; data: Uint8Array | string; type?: string }, fields: Record<string, string> = {}) {
  return s.json('/sources/upload', { method: 'POST', body: form(file, fields) });
}

const TERMINAL = new Set(['extracted', 'attention_required', 'failed', 'cancelled']);

export async function waitExtracted(s: Stack, id: string, timeoutMs = 60_000): Promise<any> {
  return waitFor(async () => {
    const r = await s.json(`/sources/${id}`);
    return TERMINAL.has(r.body?.extraction_status) ? r.body : null;
  }, `source ${id} to finish extraction`, timeoutMs);
}

export async function waitIndexed(s: Stack, kbId: string, timeoutMs = 120_000): Promise<any> {
  return waitFor(async () => {
    const r = await s.json(`/knowledge-bases/${kbId}/sources?limit=200`);
    const items = r.body?.items ?? [];
    return items.length && items.every((i: any) => ['indexed', 'failed', 'cancelled'].includes(i.index_status)) ? items : null;
  }, `knowledge base ${kbId} to finish indexing`, timeoutMs);
}
