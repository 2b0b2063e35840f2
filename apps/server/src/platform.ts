// The embedded platform in one process: the control plane (its own metadata database and API) and the
// local provisioner that runs every project's data plane here. Returned handle stops it all cleanly.
import Fastify, { type FastifyInstance } from 'fastify';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger, secret, type Logger } from '@powabase/core';
import { openPglite, openPostgres, type Db } from '@powabase/db';
import { createSmtpMailer, mailInboxPlugin, startMailCatcher, type MailCatcher } from '@powabase/mail';
import { createControlPlane, type ControlPlane } from '@powabase/control-plane';
import { studio } from '@powabase/studio';
import pg from 'pg';
import type { PlatformConfig } from './config.ts';
import { lockDataDir } from './lock.ts';
import { LocalProvisioner } from './local-provisioner.ts';
import { dataPlaneMigrations } from './data-plane.ts';
import { authConfigPort } from './project-auth.ts';

export interface Platform {
  readonly url: string;
  readonly config: PlatformConfig;
  readonly controlPlane: ControlPlane;
  readonly provisioner: LocalProvisioner;
  readonly app: FastifyInstance;
  readonly log: Logger;
  /** The local mail catcher, when no SMTP server is configured. */
  readonly mailCatcher: MailCatcher | null;
  stop(): Promise<void>;
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
    // Project mail: a configured SMTP server, else the local catcher (inbox at /v1/mail on this port).
    const mailCatcher = config.smtpHost ? null : await startMailCatcher({ host: config.host, port: config.mailCatcherPort, dir: join(platformDir, 'mail') });
    if (mailCatcher) cleanups.push(() => mailCatcher.close());
    const smtp = mailCatcher
      ? { host: mailCatcher.host, port: mailCatcher.port, ignoreTLS: true }
      : { host: config.smtpHost, port: config.smtpPort, secure: config.smtpPort === 465, user: config.smtpUser || undefined, pass: config.smtpPass || undefined };
    const mailer = createSmtpMailer({ ...smtp, from: config.smtpFrom });
    // Pooled SMTP connections would keep the catcher's close() waiting for its 30 s timeout: close them first.
    cleanups.push(async () => mailer.close());
    const provisioner = new LocalProvisioner({ config, migrations: dataPlaneMigrations(), mailerFor: () => mailer, log });
    cleanups.push(() => provisioner.stopAll());

    step('Preparing databases');
    const [db] = await Promise.all([openMetadataDb(config, platformDir), provisioner.prepare()]);
    cleanups.push(() => db.close());
    const controlPlane = await createControlPlane({
      db, provisioner, log,
      authConfig: authConfigPort({ autoconfirm: config.authAutoconfirm }),
      config: { jwtSecret, allowSignup: config.allowSignup, bodyLimit: config.bodyLimit },
    });
    cleanups.push(() => controlPlane.close());

    step('Starting projects');
    await controlPlane.recover();

    const app = Fastify({ bodyLimit: config.bodyLimit, logger: false });
    await app.register(controlPlane.routes);
    await app.register(studio({ log, onProgress: step }));
    if (mailCatcher) {
      await app.register(async (scope) => {
        // Any signed-in platform user may read the local catcher's inbox (it holds every local project's mail).
        scope.addHook('onRequest', async (req, reply) => {
          try { await controlPlane.authenticate(req.headers.authorization); } catch { return reply.code(401).send({ message: 'Sign in to read the mail inbox' }); }
        });
        await scope.register(mailInboxPlugin, { inbox: mailCatcher.inbox });
      }, { prefix: '/v1/mail' });
    }
    await app.listen({ host: config.host, port: config.port });
    cleanups.push(() => app.close());
    const url = `http://${config.publicHost}:${(app.server.address() as { port: number }).port}`;
    await writeFile(join(config.dataDir, 'platform.json'), JSON.stringify({ url, pid: process.pid }, null, 2));
    log.info({ event: 'platform_started', url }, 'platform started');

    return {
      url, config, controlPlane, provisioner, app, log, mailCatcher,
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
