// createStorageService: the storage API for one project, as a gateway mount (open paths: Supabase has no
// key-auth on storage; lenient JWT: public and signed routes ignore a bad token, the others refuse it).
import type { FastifyPluginAsync } from 'fastify';
import { silentLogger, type Logger, type ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { JwtError } from '@powabase/keys';
import type { ObjectBackend } from './backend/adapter.ts';
import type { StorageConfig } from './config.ts';
import type { ServiceContext } from './http/context.ts';
import { renderJwtError } from './http/errors.ts';
import { storagePlugin } from './http/plugin.ts';
import { Signer } from './storage/signer.ts';
import tusRoutes from './http/routes/tus/index.ts';
import renderImage from './http/routes/render/render-image.ts';
import s3Routes from './http/routes/s3/index.ts';

export interface StorageServiceOptions {
  db: Db;
  project: ProjectInfo;
  backend: ObjectBackend;
  config: StorageConfig;
  log?: Logger;
}

/** Structurally the gateway's ServiceMount (services do not import each other). */
export interface StorageMount {
  plugin: FastifyPluginAsync;
  jwt: 'lenient';
  openPaths: string[];
  renderAuthError: (e: JwtError) => { status: number; body: unknown };
}

export function createStorageService(opts: StorageServiceOptions): StorageMount {
  const log = (opts.log ?? silentLogger).child({ component: 'storage', ref: opts.project.ref });
  const ctx: ServiceContext = {
    db: opts.db, backend: opts.backend, config: opts.config, log, project: opts.project,
    signer: new Signer(opts.config.signingSecret ?? opts.project.jwtSecret),
  };
  return { plugin: storagePlugin(ctx, { jsonRoutes: [renderImage], rawRoutes: [tusRoutes, s3Routes] }), jwt: 'lenient', openPaths: ['/'], renderAuthError: renderJwtError };
}
