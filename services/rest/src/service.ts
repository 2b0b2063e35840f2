// createRestService: loads the schema cache (and keeps it fresh), and returns the ServiceMount the gateway
// mounts under /rest/v1. JWT failures reach the handler (lenient) so they are answered as PGRST30x.
import type { Db } from '@powabase/db';
import { silentLogger, type Logger, type ProjectInfo } from '@powabase/core';
import type { FastifyPluginAsync } from 'fastify';
import type { JwtError } from '@powabase/keys';
import { renderAuthError } from './auth-error.ts';
import type { RestConfig } from './config.ts';
import type { RestContext } from './handler.ts';
import { restPlugin } from './http/plugin.ts';
import { PlanMemo } from './prepare.ts';
import { SchemaCacheHolder } from './schema-cache/holder.ts';

export interface RestServiceOptions {
  db: Db;
  project: ProjectInfo;
  config: RestConfig;
  log?: Logger;
}

export interface RestService {
  plugin: FastifyPluginAsync;
  jwt: 'lenient';
  renderAuthError: (e: JwtError) => { status: number; body: unknown; headers?: Record<string, string> };
  /** Reloads the schema cache now (also happens on NOTIFY pgrst, 'reload schema'). */
  reloadSchema(): Promise<void>;
  /** Called after every schema cache (re)load. */
  onSchemaReload(fn: () => void): void;
  close(): Promise<void>;
}

export async function createRestService(opts: RestServiceOptions): Promise<RestService> {
  const log = (opts.log ?? silentLogger).child({ component: 'rest', ref: opts.project.ref });
  const cache = new SchemaCacheHolder(opts.db, opts.config.schemas, log);
  const memo = new PlanMemo(opts.config.planCacheSize);
  cache.onReload(() => memo.clear());
  await cache.start();
  const ctx: RestContext = { db: opts.db, config: Object.freeze({ ...opts.config }), projectUrl: opts.project.url, cache, memo, log };
  return {
    plugin: restPlugin(ctx),
    jwt: 'lenient',
    renderAuthError,
    reloadSchema: () => cache.reload(),
    onSchemaReload: (fn) => cache.onReload(() => fn()),
    close: () => cache.close(),
  };
}
