// One project's data plane in this process: its database (PGlite worker, or a database on a PostgreSQL
// server) and its gateway with the services mounted behind it.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { baseMigrations, migrate, openPglite, openPostgres, type Db, type MigrationSet } from '@powabase/db';
import { createGateway, type ServiceMount } from '@powabase/gateway';
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Mailer } from '@powabase/mail';
import { authMigrations } from '@powabase/auth';
import type { AuthSettings } from '@powabase/control-plane';
import { createFileBackend, createServiceObjects, createStorageService, defaultStorageConfig, storageMigrations } from '@powabase/storage';
import { createRealtimeService, defaultRealtimeConfig, realtimeMigrations } from '@powabase/realtime';
import { aiMigrations, createAiService, createStorageFileStore, defaultAiConfig } from '@powabase/ai';
import { createRestService, defaultRestConfig, restMigrations } from '@powabase/rest';
import { createProjectAuth, type ProjectAuth } from './project-auth.ts';

/** Every migration set a project database gets, in order. Services add theirs here as they land. */
export function dataPlaneMigrations(): MigrationSet[] {
  return [baseMigrations(), restMigrations(), authMigrations(), storageMigrations(), realtimeMigrations(), aiMigrations()];
}

export interface DataPlaneOptions {
  project: ProjectInfo;
  /** The project's folder: files, resumable uploads. */
  dir: string;
  db: { engine: 'pglite'; dataDir: string; password: string; port: number } | { engine: 'postgres'; url: string };
  migrations: MigrationSet[];
  gateway: { host: string; port: number; corsOrigins: string[]; bodyLimit: number; testRoutes: boolean };
  mailer: Mailer;
  /** `autoconfirm`: the platform default; `settings`: the project's stored ones over it. */
  auth: { autoconfirm: boolean; settings: AuthSettings };
  log: Logger;
}

export interface DataPlane {
  readonly db: Db;
  readonly app: FastifyInstance;
  /** Applies new auth settings to the running auth service (throws, changing nothing, when they are invalid). */
  reconfigureAuth(settings: AuthSettings): void;
  stop(): Promise<void>;
}

type Mounts = Partial<Record<'auth' | 'rest' | 'storage' | 'realtime' | 'api', ServiceMount>>;

/** The service mounts of a project, and what each needs closed on stop. */
async function services(db: Db, o: DataPlaneOptions): Promise<{ mounts: Mounts; closers: Array<() => Promise<void>>; projectAuth: ProjectAuth }> {
  const { project, log } = o;
  const projectAuth = createProjectAuth({ db, project, mailer: o.mailer, log, defaults: { autoconfirm: o.auth.autoconfirm }, settings: o.auth.settings });
  const auth = projectAuth.service;
  const backend = createFileBackend({ root: join(o.dir, 'storage') });
  const storage = createStorageService({
    db, project, log, backend,
    config: defaultStorageConfig({ tus: { ...defaultStorageConfig().tus, dir: join(o.dir, 'tus') } }),
  });
  const rest = await createRestService({ db, project, config: defaultRestConfig(), log });
  const realtime = createRealtimeService({ db, project, config: defaultRealtimeConfig(), log });
  // AI originals and derivatives are Storage objects (bucket `sources`, private), written as the platform.
  const files = createStorageFileStore(createServiceObjects({ db, backend, log }));
  const api = await createAiService({ db, project, log, files, config: defaultAiConfig() });
  // Realtime says goodbye to its sockets and the AI worker stops its jobs before the gateway and database close.
  return { mounts: { rest, auth, storage, realtime, api }, closers: [() => realtime.close(), () => api.close(), () => rest.close(), projectAuth.close], projectAuth };
}

export async function startDataPlane(o: DataPlaneOptions): Promise<DataPlane> {
  const db = o.db.engine === 'pglite'
    ? await openPglite({ dataDir: o.db.dataDir, password: o.db.password, port: o.db.port, host: o.gateway.host })
    : await openPostgres({ url: o.db.url });
  try {
    await migrate(db, o.migrations);
    const { mounts, closers, projectAuth } = await services(db, o);
    const app = await createGateway({
      project: o.project,
      services: mounts,
      cors: { origins: o.gateway.corsOrigins.includes('*') ? '*' : o.gateway.corsOrigins },
      bodyLimit: o.gateway.bodyLimit,
      log: o.log,
      testRoutes: o.gateway.testRoutes,
    });
    await app.listen({ host: o.gateway.host, port: o.gateway.port });
    return {
      db,
      app,
      reconfigureAuth: (settings) => projectAuth.reconfigure(settings),
      async stop() {
        for (const close of closers) await close().catch(() => {});
        await app.close().catch(() => {});
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
