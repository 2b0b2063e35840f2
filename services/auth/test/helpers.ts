// Test stack: a real PGlite (worker thread) with the base and auth migrations, the local mail catcher, and
// the gateway with the auth service mounted, listening on a free loopback port; driven by supabase-js.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ws from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { projectRef, secret, type ProjectInfo } from '@powabase/core';
import pg from 'pg';
import { baseMigrations, migrate, openPglite, openPostgres, type Db } from '@powabase/db';
import { issueProjectKeys } from '@powabase/keys';
import { createSmtpMailer, startMailCatcher, type CaughtMessage, type MailCatcher } from '@powabase/mail';
import { createGateway } from '@powabase/gateway';
import { authMigrations, createAuthService, parseAuthConfig, type AuthConfig } from '../src/index.ts';

export interface TestDb { db: Db; close(): Promise<void> }

export type Engine = 'pglite' | 'postgres';

/** A migrated database: a PGlite in a temp folder, or a fresh `t_<random>` database on TEST_PG_URL's server. */
export async function openTestDb(engine: Engine = 'pglite'): Promise<TestDb> {
  if (engine === 'postgres') return openPgTestDb(process.env.TEST_PG_URL!);
  const dir = await mkdtemp(join(tmpdir(), 'powabase-auth-'));
  const db = await openPglite({ dataDir: dir, password: secret(12) });
  await migrate(db, [baseMigrations(), authMigrations()]);
  return { db, async close() { await db.close(); await rm(dir, { recursive: true, force: true }); } };
}

async function openPgTestDb(adminUrl: string): Promise<TestDb> {
  const name = `t_${secret(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try { await admin.query(`create database ${name}`); } finally { await admin.end(); }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString() });
  await migrate(db, [baseMigrations(), authMigrations()]);
  return {
    db,
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try { await c.query(`drop database if exists ${name} with (force)`); } finally { await c.end(); }
    },
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Stack {
  url: string;
  project: ProjectInfo;
  config: AuthConfig;
  catcher: MailCatcher;
  /** A fresh supabase-js client with the anon key (no persistence, no auto refresh). */
  client(opts?: { flowType?: 'implicit' | 'pkce' }): SupabaseClient;
  /** A client with the service-role key, for supabase.auth.admin. */
  admin(): SupabaseClient;
  /** Shifts the service's clock (reuse intervals, expiries). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export const SITE = 'http://app.test';

export async function startStack(db: Db, overrides: Record<string, unknown> = {}, shared?: { catcher?: MailCatcher }): Promise<Stack> {
  const port = await freePort();
  const ref = projectRef();
  const keys = await issueProjectKeys(ref);
  const url = `http://127.0.0.1:${port}`;
  const project: ProjectInfo = { ref, url, jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
  const catcher = shared?.catcher ?? await startMailCatcher();
  const mailer = createSmtpMailer({ host: catcher.host, port: catcher.port, from: 'Test <auth@powabase.test>', ignoreTLS: true });
  const config = parseAuthConfig({
    siteUrl: SITE, uriAllowList: [`${SITE}/**`],
    rateLimits: { emailSent: { count: 10_000, periodS: 3600 }, otp: { count: 10_000, periodS: 300 }, tokenRefresh: { count: 10_000, periodS: 300 }, verify: { count: 10_000, periodS: 300 }, anonymousUsers: { count: 10_000, periodS: 3600 } },
    smtpMaxFrequencyS: 0,
    ...overrides,
  }, project);
  let offset = 0;
  const auth = createAuthService({ db, project, config, mailer, now: () => new Date(Date.now() + offset) });
  const app = await createGateway({ project, services: { auth } });
  await app.listen({ host: '127.0.0.1', port });
  const make = (key: string, flowType: 'implicit' | 'pkce' = 'implicit') => createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType },
    realtime: { transport: ws as never },
  });
  return {
    url, project, config, catcher,
    client: (o = {}) => make(keys.anonKey, o.flowType),
    admin: () => make(keys.serviceRoleKey),
    advance: (ms) => { offset += ms; },
    async close() {
      mailer.close();
      await app.close();
      if (!shared?.catcher) await catcher.close();
    },
  };
}

/** The newest mail to `to` (the catcher has it once the request that sent it answered). */
export function lastMail(stack: Stack, to: string): CaughtMessage {
  const m = stack.catcher.listMessages({ to })[0];
  if (!m) throw new Error(`no mail for ${to}`);
  return m;
}

export function linkIn(mail: CaughtMessage): string {
  const m = /href="([^"]+)"/.exec(mail.html);
  if (!m) throw new Error('no link in mail');
  return m[1].replace(/&#38;/g, '&');
}

export function codeIn(mail: CaughtMessage): string {
  const m = /code: (\d{6,10})/.exec(mail.text);
  if (!m) throw new Error('no code in mail');
  return m[1];
}

/** Follows an email link like a browser would (no apikey), returning the redirect's Location. */
export async function follow(link: string): Promise<string> {
  const r = await fetch(link, { redirect: 'manual' });
  const loc = r.headers.get('location');
  if (!loc) throw new Error(`no redirect from ${link}: ${r.status} ${await r.text()}`);
  return loc;
}

export function fragment(location: string): URLSearchParams {
  return new URLSearchParams(location.split('#')[1] ?? '');
}

let n = 0;
export const email = (tag: string): string => `${tag}-${Date.now().toString(36)}-${n++}@example.test`;
