// Test harness: the metadata database on each engine (one per test file), a control plane over it with a
// fake provisioner, and a small client over fastify.inject.
import { after, before, describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { controlPlaneMigrations, createControlPlane, type ControlPlane } from '../src/control-plane.ts';
import type { ControlPlaneConfig } from '../src/config.ts';
import { fakeAuthConfig } from './fake-auth-config.ts';
import { FakeProvisioner } from './fake-provisioner.ts';

export const JWT_SECRET = 'test-platform-secret-0123456789abcdef-xyz';

interface Engine { name: 'pglite' | 'postgres'; skip?: string; open(): Promise<{ db: Db; dispose(): Promise<void> }> }

function engines(): Engine[] {
  const pgUrl = process.env.TEST_PG_URL;
  return [
    {
      name: 'pglite',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'cp-test-'));
        const db = await openPglite({ dataDir: dir, password: 'test' });
        return { db, dispose: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
      },
    },
    {
      name: 'postgres',
      skip: pgUrl ? undefined : 'TEST_PG_URL not set',
      async open() {
        const name = `t_cp_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(pgUrl!);
        url.pathname = `/${name}`;
        const db = await openPostgres({ url: url.toString() });
        return {
          db,
          dispose: async () => {
            await db.close();
            const c = new pg.Client({ connectionString: pgUrl });
            await c.connect();
            await c.query(`drop database if exists ${name} with (force)`);
            await c.end();
          },
        };
      },
    },
  ];
}

/** Runs `body` once per engine with a database shared by the whole file (getDb is valid inside tests). */
export function onEachEngine(body: (getDb: () => Db) => void): void {
  for (const e of engines()) {
    describe(e.name, { skip: e.skip }, () => {
      let handle: { db: Db; dispose(): Promise<void> } | undefined;
      before(async () => {
        handle = await e.open();
        await migrate(handle.db, [controlPlaneMigrations()]);
      });
      after(async () => { await handle?.dispose(); });
      body(() => handle!.db);
    });
  }
}

/** Empties every control-plane table (for scenarios that need "no users yet"). */
export async function resetPlatform(db: Db): Promise<void> {
  await db.query('truncate platform.users, platform.organizations cascade');
}

export interface Res { status: number; body: any; headers: Record<string, unknown> }

export interface Harness {
  cp: ControlPlane;
  app: FastifyInstance;
  prov: FakeProvisioner;
  req(method: string, url: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Res>;
  /** Signs up (or in, when the email exists) and returns the session. */
  signup(email: string, password?: string): Promise<{ token: string; refresh: string; userId: string }>;
  close(): Promise<void>;
}

export async function harness(db: Db, config: Partial<ControlPlaneConfig> = {}, prov = new FakeProvisioner()): Promise<Harness> {
  const cp = await createControlPlane({ db, provisioner: prov, authConfig: fakeAuthConfig, config: { jwtSecret: JWT_SECRET, bcryptCost: 4, ...config } });
  const app = Fastify();
  await app.register(cp.routes);
  await app.ready();
  const req: Harness['req'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const r = await app.inject({ method: method as 'GET', url, headers, payload });
    return { status: r.statusCode, body: r.body ? safeJson(r.body) : null, headers: r.headers };
  };
  return {
    cp, app, prov, req,
    async signup(email, password = 'password-123') {
      let r = await req('POST', '/v1/auth/signup', { body: { email, password } });
      if (r.status === 422 && r.body.code === 'user_already_exists') {
        r = await req('POST', '/v1/auth/token?grant_type=password', { body: { email, password } });
      }
      if (r.status !== 200) throw new Error(`signup ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return { token: r.body.access_token, refresh: r.body.refresh_token, userId: r.body.user.id };
    },
    async close() { await app.close(); await cp.close(); },
  };
}

let n = 0;
/** A unique email for this test run. */
export const email = (tag: string) => `${tag}-${Date.now().toString(36)}-${++n}@example.com`;

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return s; }
}
