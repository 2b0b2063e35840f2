// The in-process stack REST tests run against: a fresh database (PGlite temp folder, or a new database on
// TEST_PG_URL's server) with base + rest migrations and the fixture, the gateway with the REST service
// mounted, listening on a loopback port. Plus JWTs for anon, service_role and two authenticated users.
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { baseMigrations, type Db, type MigrationSet } from '@powabase/db';
import { issueProjectKeys, signJwt } from '@powabase/keys';
import type { ProjectInfo } from '@powabase/core';
import { createGateway } from '@powabase/gateway';
import { createRestService, defaultRestConfig, restMigrations, type RestConfig, type RestService } from '../src/index.ts';
import { openTestDb } from './db.ts';

export type Engine = 'pglite' | 'postgres';

export interface Stack {
  engine: Engine;
  db: Db;
  app: FastifyInstance;
  rest: RestService;
  url: string;
  project: ProjectInfo;
  keys: { anon: string; service: string; user1: string; user2: string; user1Sub: string; user2Sub: string };
  close(): Promise<void>;
}

export const FIXTURE = readFileSync(new URL('./fixture.sql', import.meta.url), 'utf8');

export const pgSkip = process.env.TEST_PG_URL ? false : 'TEST_PG_URL not set';

export async function startStack(engine: Engine, opts: { config?: Partial<RestConfig>; fixture?: string } = {}): Promise<Stack> {
  const fixture: MigrationSet = { scope: 'rest-test-fixture', migrations: [{ id: 'fixture', sql: opts.fixture ?? FIXTURE }] };
  const { db, drop } = await openTestDb(engine, [baseMigrations(), restMigrations(), fixture]);
  const ref = `rest${randomBytes(3).toString('hex')}`;
  const secrets = await issueProjectKeys(ref);
  const project: ProjectInfo = { ref, url: 'http://127.0.0.1', jwtSecret: secrets.jwtSecret, anonKey: secrets.anonKey, serviceRoleKey: secrets.serviceRoleKey };
  const rest = await createRestService({ db, project, config: defaultRestConfig(opts.config ?? {}) });
  const app = await createGateway({ project, services: { rest } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  project.url = url;
  const user1Sub = randomUUID();
  const user2Sub = randomUUID();
  const user = (sub: string) => signJwt(secrets.jwtSecret, { sub, role: 'authenticated', aud: 'authenticated', email: `${sub.slice(0, 4)}@example.com` }, { expiresInS: 3600 });
  return {
    engine, db, app, rest, url, project,
    keys: { anon: secrets.anonKey, service: secrets.serviceRoleKey, user1: await user(user1Sub), user2: await user(user2Sub), user1Sub, user2Sub },
    async close() {
      await app.close().catch(() => {});
      await rest.close();
      await db.close();
      await drop();
    },
  };
}

export interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Which key: apikey header always the anon key unless `key` is 'service'; Bearer decides the role. */
  as?: 'anon' | 'service' | 'user1' | 'user2' | 'none';
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function call(s: Stack, c: Call): Promise<Reply> {
  const as = c.as ?? 'anon';
  const headers: Record<string, string> = { apikey: as === 'service' ? s.keys.service : s.keys.anon };
  if (as !== 'none') headers.authorization = `Bearer ${as === 'anon' ? s.keys.anon : as === 'service' ? s.keys.service : s.keys[as]}`;
  let body: string | undefined;
  if (c.body !== undefined) {
    body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, c.headers ?? {});
  const res = await fetch(`${s.url}/rest/v1${c.path}`, { method: c.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  try { json = text === '' ? undefined : JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}
