// createControlPlane: migrates the metadata database and returns the platform API routes plus the
// in-process operations the server app and CLI call (bootstrap, first-start setup, recover, close).
import { silentLogger, type Logger } from '@powabase/core';
import { loadMigrations, migrate, type Db } from '@powabase/db';
import type { FastifyPluginAsync } from 'fastify';
import type { AuthConfigPort } from './auth-config/types.ts';
import { resolveConfig, type ControlPlaneConfig, type ResolvedConfig } from './config.ts';
import { authenticate } from './domain/auth.ts';
import type { Deps } from './domain/deps.ts';
import { bootstrapOwner, ensureLocalSetup, type LocalSetup, type LocalSetupInput } from './domain/local-setup.ts';
import { specOf } from './domain/project-lifecycle.ts';
import { connectInfo, type ConnectInfo } from './domain/project-keys.ts';
import { recover, type RecoverEntry } from './domain/recover.ts';
import { routesPlugin } from './http/plugin.ts';
import type { ProjectSpec, Provisioner } from './provisioner.ts';
import { findProject, listProjectsByStatus } from './store/projects.ts';
import { PROJECT_STATUSES } from './lifecycle.ts';
import type { Principal, Project, User } from './types.ts';

export interface ControlPlaneOptions {
  db: Db;
  provisioner: Provisioner;
  /** Validates per-project auth settings and fills in the platform's defaults (the app wraps the auth service's parser). */
  authConfig: AuthConfigPort;
  log?: Logger;
  config: ControlPlaneConfig;
}

export interface ControlPlane {
  /** The platform API (mount at `/`; every route is under /v1). */
  routes: FastifyPluginAsync;
  readonly config: ResolvedConfig;
  bootstrapOwner(input: { email: string; password: string }): Promise<User>;
  /** First start: owner, default organization and project, and a CLI access token; idempotent. */
  ensureLocalSetup(input: LocalSetupInput): Promise<LocalSetup>;
  /** On platform start: finish or fail interrupted projects, resume running ones. */
  recover(): Promise<RecoverEntry[]>;
  /** The caller behind an Authorization header value (throws a 401 error otherwise). */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** Connect data of a project with every secret (in-process callers are the platform itself); null when missing or removed. */
  connectInfo(ref: string): Promise<ConnectInfo | null>;
  /** Every project that is not removed, for the server app. */
  listProjects(): Promise<Project[]>;
  /** What the provisioner needs for a project; null when missing or removed. */
  projectSpec(ref: string): Promise<ProjectSpec | null>;
  /** Waits for provisioner calls in flight. The database handle stays open: it belongs to the caller. */
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

export function controlPlaneMigrations() {
  return loadMigrations('control_plane', MIGRATIONS_DIR);
}

export async function createControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const config = resolveConfig(opts.config);
  const deps: Deps = {
    db: opts.db, provisioner: opts.provisioner, authConfig: opts.authConfig, log: opts.log ?? silentLogger, config, inflight: new Set(),
  };
  await migrate(opts.db, [controlPlaneMigrations()]);
  return {
    routes: routesPlugin(deps),
    config,
    bootstrapOwner: (input) => bootstrapOwner(deps, input),
    ensureLocalSetup: (input) => ensureLocalSetup(deps, input),
    recover: () => recover(deps),
    authenticate: (authorization) => authenticate(deps, authorization),
    listProjects: () => listProjectsByStatus(deps.db, PROJECT_STATUSES.filter((s) => s !== 'REMOVED')),
    async connectInfo(ref) {
      const p = await findProject(deps.db, ref);
      return p && p.status !== 'REMOVED' ? connectInfo(deps, p, 'owner') : null;
    },
    async projectSpec(ref) {
      const p = await findProject(deps.db, ref);
      return p && p.status !== 'REMOVED' ? specOf(deps, p) : null;
    },
    async close() {
      while (deps.inflight.size) await Promise.allSettled([...deps.inflight]);
    },
  };
}
