// The `local` provisioner: every project's data plane in this process. A new project database is a copy
// of a prepared template (fast), its ports are kept in runtime.json so its URLs survive restarts, pause
// closes its database (freeing the worker's memory) and remove deletes its folder. Auth settings come with the
// spec on every start and are swapped into the running auth service by configureAuth.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { copyTemplate, ensureTemplate, type MigrationSet } from '@powabase/db';
import type { Logger } from '@powabase/core';
import type { Mailer } from '@powabase/mail';
import type { AuthSettings, ProjectSpec, ProvisionedProject, Provisioner } from '@powabase/control-plane';
import { startDataPlane, type DataPlane } from './data-plane.ts';
import { findFreePort } from './ports.ts';
import type { PlatformConfig } from './config.ts';

interface Runtime { gatewayPort: number; dbPort: number }

export interface LocalProvisionerOptions {
  config: PlatformConfig;
  migrations: MigrationSet[];
  /** The mailer a project's auth service sends with. */
  mailerFor: (ref: string) => Mailer;
  log: Logger;
}

export class LocalProvisioner implements Provisioner {
  readonly name = 'local';
  private readonly running = new Map<string, { plane: DataPlane; endpoints: ProvisionedProject }>();
  private readonly starting = new Map<string, Promise<ProvisionedProject>>();
  private readonly root: string;

  constructor(private readonly o: LocalProvisionerOptions) {
    this.root = join(o.config.dataDir, 'projects');
  }

  private dir(ref: string) { return join(this.root, ref); }

  /** Builds the template now, so the first project is as fast as the rest. */
  async prepare(): Promise<void> {
    if (this.o.config.engine === 'pglite') await ensureTemplate(join(this.o.config.dataDir, 'templates'), this.o.migrations);
  }

  create(spec: ProjectSpec): Promise<ProvisionedProject> {
    return this.start(spec);
  }

  resume(spec: ProjectSpec): Promise<ProvisionedProject> {
    return this.start(spec);
  }

  private start(spec: ProjectSpec): Promise<ProvisionedProject> {
    const up = this.running.get(spec.ref);
    if (up) return Promise.resolve(up.endpoints);
    let p = this.starting.get(spec.ref);
    if (!p) {
      p = this.boot(spec).finally(() => this.starting.delete(spec.ref));
      this.starting.set(spec.ref, p);
    }
    return p;
  }

  private async boot(spec: ProjectSpec): Promise<ProvisionedProject> {
    const { config, log } = this.o;
    const dir = this.dir(spec.ref);
    await mkdir(dir, { recursive: true });
    const rt = await this.runtime(spec.ref);
    const host = config.publicHost;
    const url = `http://${host}:${rt.gatewayPort}`;
    const project = { ref: spec.ref, url, jwtSecret: spec.secrets.jwtSecret, anonKey: spec.secrets.anonKey, serviceRoleKey: spec.secrets.serviceRoleKey };
    const db = config.engine === 'postgres'
      ? { engine: 'postgres' as const, url: await this.postgresDatabase(spec.ref) }
      : { engine: 'pglite' as const, dataDir: await this.pgliteFolder(spec.ref), password: spec.secrets.dbPassword, port: rt.dbPort };
    const plane = await startDataPlane({
      project,
      dir,
      db,
      mailer: this.o.mailerFor(spec.ref),
      auth: { autoconfirm: config.authAutoconfirm, settings: spec.auth },
      migrations: this.o.migrations,
      gateway: { host: config.host, port: rt.gatewayPort, corsOrigins: config.corsOrigins, bodyLimit: config.bodyLimit, testRoutes: config.testRoutes },
      log: log.child({ project: spec.ref }),
    });
    const dbUrl = plane.db.url.replace('@127.0.0.1:', `@${host}:`);
    const endpoints = { url, dbUrl };
    this.running.set(spec.ref, { plane, endpoints });
    log.info({ event: 'project_started', ref: spec.ref, url }, 'project started');
    return endpoints;
  }

  /** The project's PGlite folder, copied from the template through a temp name so it is never half there. */
  private async pgliteFolder(ref: string): Promise<string> {
    const dest = join(this.dir(ref), 'db');
    const have = await readdir(dest).then(() => true, () => false);
    if (!have) {
      const template = await ensureTemplate(join(this.o.config.dataDir, 'templates'), this.o.migrations);
      const tmp = `${dest}.tmp`;
      await rm(tmp, { recursive: true, force: true });
      await copyTemplate(template, tmp);
      await rename(tmp, dest);
    }
    return dest;
  }

  private async postgresDatabase(ref: string): Promise<string> {
    const admin = new URL(this.o.config.postgresUrl);
    const name = `project_${ref}`;
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      const have = await c.query('select 1 from pg_database where datname = $1', [name]);
      if (!have.rowCount) await c.query(`create database "${name}"`);
    } finally {
      await c.end();
    }
    admin.pathname = `/${name}`;
    return admin.toString();
  }

  private async runtime(ref: string): Promise<Runtime> {
    const file = join(this.dir(ref), 'runtime.json');
    const saved = await readFile(file, 'utf8').then((s) => JSON.parse(s) as Runtime, () => null);
    if (saved) return saved;
    const taken = new Set<number>();
    for (const other of await readdir(this.root).catch(() => [] as string[])) {
      const r = await readFile(join(this.root, other, 'runtime.json'), 'utf8').then((s) => JSON.parse(s) as Runtime, () => null);
      if (r) { taken.add(r.gatewayPort); taken.add(r.dbPort); }
    }
    const { host, projectPortStart, dbPortStart } = this.o.config;
    const gatewayPort = await findFreePort(projectPortStart, host, taken);
    taken.add(gatewayPort);
    const dbPort = await findFreePort(dbPortStart, host, taken);
    const rt = { gatewayPort, dbPort };
    await writeFile(file, JSON.stringify(rt));
    return rt;
  }

  async pause(ref: string): Promise<void> {
    await this.starting.get(ref)?.catch(() => {});
    const up = this.running.get(ref);
    if (!up) return;
    this.running.delete(ref);
    await up.plane.stop();
    this.o.log.info({ event: 'project_paused', ref }, 'project paused');
  }

  async remove(ref: string): Promise<void> {
    await this.pause(ref);
    if (this.o.config.engine === 'postgres') {
      const c = new pg.Client({ connectionString: this.o.config.postgresUrl });
      await c.connect();
      try { await c.query(`drop database if exists "project_${ref}" with (force)`); } finally { await c.end(); }
    }
    await rm(this.dir(ref), { recursive: true, force: true });
  }

  async health(ref: string): Promise<{ healthy: boolean; detail?: string }> {
    const up = this.running.get(ref);
    if (!up) return { healthy: false, detail: 'not running' };
    try {
      await up.plane.db.query('select 1');
      const res = await fetch(`${up.endpoints.url}/api/health`);
      return res.ok ? { healthy: true } : { healthy: false, detail: `gateway answered ${res.status}` };
    } catch (e) {
      return { healthy: false, detail: (e as Error).message };
    }
  }

  /** New auth settings for a running project, applied in place (after a start in progress); none when stopped. */
  async configureAuth(ref: string, settings: AuthSettings): Promise<void> {
    await this.starting.get(ref)?.catch(() => {});
    const up = this.running.get(ref);
    if (!up) return;
    up.plane.reconfigureAuth(settings);
    this.o.log.info({ event: 'project_auth_configured', ref }, 'project auth config applied');
  }

  endpoints(ref: string): ProvisionedProject | null {
    return this.running.get(ref)?.endpoints ?? null;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((ref) => this.pause(ref)));
  }
}
