// Distributed mode: one process runs ONE thing from its config — a data-plane service behind its own one-service
// gateway (which re-verifies the apikey and JWT of every request, so it trusts no forwarded identity), the gateway
// proxying to the services, or `migrate` (apply the schema, then return). The same factories as the embedded mode.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@powabase/core';
import { openPostgres, type Db } from '@powabase/db';
import { createGateway, type GatewayOptions } from '@powabase/gateway';
import { trustProxyOf, type StandaloneConfig } from './standalone-config.ts';
import { buildService, projectOf } from './standalone-mounts.ts';
import { migrateLocked, migrationsFor } from './standalone-migrate.ts';

export interface Standalone {
  /** Where it listens (null for `migrate`, which is done when start resolves). */
  readonly url: string | null;
  readonly app: FastifyInstance | null;
  stop(): Promise<void>;
}

function gatewayBase(c: StandaloneConfig, log: Logger): Omit<GatewayOptions, 'services'> {
  return {
    project: projectOf(c),
    cors: { origins: c.corsOrigins.includes('*') ? '*' : [...c.corsOrigins] },
    bodyLimit: c.bodyLimit,
    trustProxy: trustProxyOf(c.trustProxy),
    log,
  };
}

/** The proxying gateway: every configured upstream mounted as a remote service, the rest 501. */
function upstreams(c: StandaloneConfig): GatewayOptions['services'] {
  const all = { rest: c.upstreamRest, auth: c.upstreamAuth, storage: c.upstreamStorage, realtime: c.upstreamRealtime, api: c.upstreamApi };
  return Object.fromEntries(Object.entries(all).filter(([, u]) => u).map(([name, upstream]) => [name, { upstream }]));
}

async function listen(app: FastifyInstance, c: StandaloneConfig): Promise<string> {
  await app.listen({ host: c.host, port: c.port });
  const a = app.server.address();
  return typeof a === 'object' && a ? `http://${c.host}:${a.port}` : String(a);
}

export async function startStandalone(c: StandaloneConfig, rootLog: Logger): Promise<Standalone> {
  const log = rootLog.child({ service: c.service, ref: c.projectRef });
  if (c.service === 'gateway') {
    const app = await createGateway({ ...gatewayBase(c, log), services: upstreams(c) });
    const url = await listen(app, c);
    log.info({ event: 'service_started', url }, 'service_started');
    return { url, app, stop: () => app.close() };
  }

  const db: Db = await openPostgres({ url: c.dbUrl });
  try {
    await migrateLocked(db, c.dbUrl, migrationsFor(c.service), log);
    if (c.service === 'migrate') {
      await db.close();
      return { url: null, app: null, stop: async () => {} };
    }
    const svc = await buildService(c, db, log);
    const app = await createGateway({ ...gatewayBase(c, log), services: { [svc.name]: svc.mount }, testRoutes: c.testRoutes && svc.name === 'api' });
    let url: string;
    try {
      url = await listen(app, c);
    } catch (e) {
      await svc.close().catch(() => {});
      await app.close().catch(() => {});
      throw e;
    }
    log.info({ event: 'service_started', url }, 'service_started');
    return {
      url, app,
      async stop() {
        // The service says goodbye to its sockets and stops its jobs before the server and database close.
        await svc.close().catch((e: Error) => log.error({ event: 'service_close_failed', error: e.message }, 'service_close_failed'));
        await app.close().catch(() => {});
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
