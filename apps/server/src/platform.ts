// The embedded platform in one process: the control plane (its own metadata database and API) and the
// local provisioner that runs every project's data plane here. Returned handle stops it all cleanly.
import Fastify, { type FastifyInstance } from 'fastify';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger, secret, type Logger } from '@powabase/core';
import { baseMigrations, openPglite, openPostgres, type Db, type MigrationSet } from '@powabase/db';
import { createControlPlane, type ControlPlane } from '@powabase/control-plane';
import pg from 'pg';
import type { PlatformConfig } from './config.ts';
import { lockDataDir } from './lock.ts';
import { LocalProvisioner } from './local-provisioner.ts';

export interface Platform {
  readonly url: string;
  readonly config: PlatformConfig;
  readonly controlPlane: ControlPlane;
  readonly provisioner: LocalProvisioner;
  readonly app: FastifyInstance;
  readonly log: Logger;
  stop(): Promise<void>;
}

/** Every migration set a project database gets, in order. Services add theirs here as they land. */
export function dataPlaneMigrations(): MigrationSet[] {
  return [baseMigrations()];
}

async function readOrCreateSecret(file: string, make: () => string): Promise<string> {
  const have = await readFile(file, 'utf8').then((s) => s.trim(), () => '');
  if (have) return have;
  const value = make();
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

async function openMetadataDb(config: PlatformConfig, dir: string): Promise<Db> {
  if (config.engine === 'postgres') {
    const admin = new URL(config.postgresUrl);
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      const have = await c.query("select 1 from pg_database where datname = 'powabase_platform'");
      if (!have.rowCount) await c.query('create database powabase_platform');
    } finally { await c.end(); }
    admin.pathname = '/powabase_platform';
    return openPostgres({ url: admin.toString() });
  }
  return openPglite({ dataDir: join(dir, 'db'), password: secret(24), host: config.host });
}

export async function startPlatform(input: PlatformConfig, opts: { log?: Logger; onProgress?: (step: string) => void } = {}): Promise<Platform> {
  const config = Object.freeze({ ...input, dataDir: resolve(input.dataDir) });
  if (config.engine !== 'pglite' && config.engine !== 'postgres') throw new Error(`POWABASE_ENGINE must be pglite or postgres, got "${config.engine}"`);
  if (config.engine === 'postgres' && !config.postgresUrl) throw new Error('POWABASE_POSTGRES_URL is required when POWABASE_ENGINE=postgres');
  const log = opts.log ?? createLogger({ level: config.logLevel });
  const step = opts.onProgress ?? (() => {});
  const unlock = await lockDataDir(config.dataDir);
  const cleanups: Array<() => Promise<void>> = [unlock];
  const undo = async () => { for (const f of cleanups.reverse()) await f().catch(() => {}); };
  try {
    const platformDir = join(config.dataDir, 'platform');
    await mkdir(platformDir, { recursive: true });
    const jwtSecret = await readOrCreateSecret(join(platformDir, 'jwt-secret'), () => secret(48));
    const provisioner = new LocalProvisioner({ config, migrations: dataPlaneMigrations(), log });
    cleanups.push(() => provisioner.stopAll());

    step('Preparing databases');
    const [db] = await Promise.all([openMetadataDb(config, platformDir), provisioner.prepare()]);
    cleanups.push(() => db.close());
    const controlPlane = await createControlPlane({
      db, provisioner, log,
      config: { jwtSecret, allowSignup: config.allowSignup, bodyLimit: config.bodyLimit },
    });
    cleanups.push(() => controlPlane.close());

    step('Starting projects');
    await controlPlane.recover();

    const app = Fastify({ bodyLimit: config.bodyLimit, logger: false });
    await app.register(controlPlane.routes);
    await app.listen({ host: config.host, port: config.port });
    cleanups.push(() => app.close());
    const url = `http://${config.publicHost}:${(app.server.address() as { port: number }).port}`;
    await writeFile(join(config.dataDir, 'platform.json'), JSON.stringify({ url, pid: process.pid }, null, 2));
    log.info({ event: 'platform_started', url }, 'platform started');

    return {
      url, config, controlPlane, provisioner, app, log,
      stop: async () => {
        log.info({ event: 'platform_stopping' }, 'platform stopping');
        await undo();
      },
    };
  } catch (e) {
    await undo();
    throw e;
  }
}

/** First start: the local owner, a default organization and project; credentials saved for the CLI. */
export async function ensureLocalSetup(p: Platform) {
  const { config } = p;
  const ownerFile = join(config.dataDir, 'platform', 'owner.json');
  const saved = await readFile(ownerFile, 'utf8').then((s) => JSON.parse(s) as { email: string; password: string }, () => null);
  const email = saved?.email ?? config.ownerEmail;
  const password = config.ownerPassword || saved?.password || secret(18);
  if (!saved) await writeFile(ownerFile, JSON.stringify({ email, password }, null, 2), { mode: 0o600 });
  const setup = await p.controlPlane.ensureLocalSetup({
    email, password, orgName: 'Default organization', projectName: config.defaultProject || null,
  });
  const tokenFile = join(config.dataDir, 'cli-token');
  await writeFile(tokenFile, setup.accessToken + '\n', { mode: 0o600 });
  await chmod(tokenFile, 0o600);
  return { ...setup, email, password };
}
