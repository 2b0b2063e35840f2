// One project's data plane in this process: its database (PGlite worker, or a database on a PostgreSQL
// server) and its gateway with the services mounted behind it.
import type { FastifyInstance } from 'fastify';
import { migrate, openPglite, openPostgres, type Db, type MigrationSet } from '@powabase/db';
import { createGateway, type ServiceMount } from '@powabase/gateway';
import type { Logger, ProjectInfo } from '@powabase/core';

export interface DataPlaneOptions {
  project: ProjectInfo;
  db: { engine: 'pglite'; dataDir: string; password: string; port: number } | { engine: 'postgres'; url: string };
  migrations: MigrationSet[];
  gateway: { host: string; port: number; corsOrigins: string[]; bodyLimit: number; testRoutes: boolean };
  log: Logger;
}

export interface DataPlane {
  readonly db: Db;
  readonly app: FastifyInstance;
  stop(): Promise<void>;
}

/** Builds the service mounts of a project. Services land here one by one as they are built. */
function services(_db: Db, _project: ProjectInfo, _log: Logger): Partial<Record<'auth' | 'rest' | 'storage' | 'realtime' | 'api', ServiceMount>> {
  return {};
}

export async function startDataPlane(o: DataPlaneOptions): Promise<DataPlane> {
  const db = o.db.engine === 'pglite'
    ? await openPglite({ dataDir: o.db.dataDir, password: o.db.password, port: o.db.port, host: o.gateway.host })
    : await openPostgres({ url: o.db.url });
  try {
    await migrate(db, o.migrations);
    const app = await createGateway({
      project: o.project,
      services: services(db, o.project, o.log),
      cors: { origins: o.gateway.corsOrigins.includes('*') ? '*' : o.gateway.corsOrigins },
      bodyLimit: o.gateway.bodyLimit,
      log: o.log,
      testRoutes: o.gateway.testRoutes,
    });
    await app.listen({ host: o.gateway.host, port: o.gateway.port });
    return {
      db,
      app,
      async stop() {
        await app.close().catch(() => {});
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
