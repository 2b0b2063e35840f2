// createAiService: the AI service for one project as a gateway mount (/api), plus its background worker
// (durable job queue on the project database) and its compute threads.
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { silentLogger, type Logger, type ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { AiConfig } from './config.ts';
import type { AiContext } from './context.ts';
import { JOB_EXTRACT, JOB_INDEX } from './context.ts';
import { emit } from './events.ts';
import type { FileStore } from './files/file-store.ts';
import { aiPlugin } from './http/plugin.ts';
import { JobQueue } from './jobs/queue.ts';
import { JobWorker } from './jobs/worker.ts';
import { bm25Handler, indexingHandler } from './kb/index-job.ts';
import { SecretBox } from './provider-keys/crypto.ts';
import { ProviderKeyStore } from './provider-keys/store.ts';
import { EmbedderFactory } from './embed/factory.ts';
import { NO_STEPS, type SearchSteps } from './search/steps.ts';
import { createLlmSearchSteps } from './search/llm-steps.ts';
import { SettingsStore } from './settings/store.ts';
import { extractionHandler } from './sources/extract-job.ts';
import { startStaleRunSweeper } from './agents/sessions.ts';
import { ComputePool } from './threads/pool.ts';

export interface AiServiceOptions {
  db: Db;
  project: ProjectInfo;
  files: FileStore;
  config: AiConfig;
  log?: Logger;
  /** Query enrichment and reranking; default: the project's LLM (search/llm-steps.ts), failing open without a key. */
  steps?: SearchSteps;
}

/** Structurally the gateway's ServiceMount (services do not import each other). */
export interface AiServiceMount {
  plugin: FastifyPluginAsync;
  jwt: 'strict';
  renderAuthError: (e: { message: string }) => { status: number; body: unknown };
  close(): Promise<void>;
  /** For tests and tools: the context the routes and jobs share. */
  readonly context: AiContext;
  readonly worker: JobWorker | null;
}

const VECTOR_DDL = readFileSync(new URL('../migrations/0003_ai_vector.sql', import.meta.url), 'utf8');

/** Where pgvector lives; installs it when the server offers it, and completes the schema's vector objects. */
async function prepareVector(db: Db): Promise<{ schema: string | null; reason: string | null }> {
  const find = async () => (await db.query<{ schema: string }>(
    `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'vector'`)).rows[0]?.schema ?? null;
  let schema = await find();
  if (!schema) {
    const offered = (await db.query("select 1 from pg_available_extensions where name = 'vector'")).rowCount;
    if (!offered) return { schema: null, reason: 'The AI service needs the pgvector extension ("vector"), which is not installed on this database server' };
    await db.query('create extension if not exists vector with schema extensions').catch(() => {});
    schema = await find();
    if (!schema) return { schema: null, reason: 'The AI service needs the pgvector extension ("vector"), which could not be created in this database' };
  }
  const table = (await db.query("select to_regclass('ai.embeddings') as t")).rows[0]?.t;
  if (!table) {
    await db.query(VECTOR_DDL);
    await db.query('grant select on ai.embeddings to authenticated');
  }
  return { schema, reason: null };
}

export async function createAiService(opts: AiServiceOptions): Promise<AiServiceMount> {
  const log = (opts.log ?? silentLogger).child({ component: 'ai', ref: opts.project.ref });
  const { db, config } = opts;
  const vector = await prepareVector(db);
  if (vector.reason) emit(log, { event: 'ai_vector_unavailable', reason: vector.reason });
  const box = new SecretBox(config.encryptionKey ?? opts.project.jwtSecret, opts.project.ref);
  const pool = new ComputePool({ maxThreads: config.threads.max, idleTimeoutMs: config.threads.idleTimeoutMs });
  const queryPool = new ComputePool({ maxThreads: 1, idleTimeoutMs: config.threads.idleTimeoutMs });
  const settings = new SettingsStore(db, box);
  const keys = new ProviderKeyStore(db, box, config);
  const queue = new JobQueue(db, { maxAttempts: config.worker.maxAttempts });
  let worker: JobWorker | null = null;
  const ctx: AiContext = {
    db, project: opts.project, files: opts.files, config, log, queue, pool, queryPool, settings, box, keys,
    embedders: new EmbedderFactory({ pool, queryPool, config, keys, settings }),
    steps: opts.steps ?? NO_STEPS,
    vectorSchema: () => vector.schema ?? 'extensions',
    poke: () => worker?.poke(),
  };
  if (!opts.steps) ctx.steps = createLlmSearchSteps(ctx);
  const sweeper = vector.reason ? null : await startStaleRunSweeper(ctx);
  if (config.worker.enabled && !vector.reason) {
    worker = new JobWorker({
      db, queue, config: config.worker, log,
      handlers: {
        [JOB_EXTRACT]: extractionHandler(ctx),
        [JOB_INDEX]: indexingHandler(ctx, ctx.vectorSchema),
        build_bm25: bm25Handler(ctx),
      },
    });
    await worker.start();
  }
  return {
    plugin: aiPlugin(ctx, { vectorMissing: () => vector.reason }),
    jwt: 'strict',
    renderAuthError: (e) => ({ status: 401, body: { error: `Invalid token: ${e.message}`, code: 'invalid_token' } }),
    context: ctx,
    worker,
    async close() {
      sweeper?.stop();
      await worker?.stop();
      await Promise.all([pool.close(), queryPool.close()]);
    },
  };
}
