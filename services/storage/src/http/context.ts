// The per-request context: who is calling (from the gateway's `request.auth`) and the Storage domain
// bound to that caller's database scope, or to the service itself for public and signed access.
import type { FastifyRequest } from 'fastify';
import type { AuthInfo, Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { ObjectBackend } from '../backend/adapter.ts';
import type { StorageConfig } from '../config.ts';
import { StorageDb } from '../database/scope.ts';
import { raise } from '../errors.ts';
import type { Signer } from '../storage/signer.ts';
import { Storage } from '../storage/storage.ts';
import type { Caller } from '../types.ts';

export interface ServiceContext {
  db: Db;
  backend: ObjectBackend;
  config: StorageConfig;
  signer: Signer;
  log: Logger;
  project: ProjectInfo;
}

/** What the gateway attached to the request (typed here so the service does not import the gateway). */
interface GatewayRequest { auth?: AuthInfo; authError?: Error | null }

function hasCredentials(request: FastifyRequest): boolean {
  const q = request.query as Record<string, unknown> | undefined;
  return Boolean(request.headers.authorization || request.headers.apikey || q?.apikey);
}

/** The caller of an authenticated route; a rejected or missing JWT is AccessDenied, as in Supabase. */
export function callerOf(request: FastifyRequest): Caller {
  const g = request as unknown as GatewayRequest;
  if (g.authError) throw raise('AccessDenied', g.authError.message);
  if (!g.auth || !hasCredentials(request)) throw raise('AccessDenied', 'Invalid JWT');
  const sub = g.auth.claims.sub;
  return { role: g.auth.role, claims: g.auth.claims, sub: typeof sub === 'string' && sub ? sub : undefined };
}

export function storageFor(ctx: ServiceContext, request: FastifyRequest): Storage {
  const db = new StorageDb(ctx.db, callerOf(request), { method: request.method, path: request.url.split('?')[0] });
  return new Storage(db, ctx);
}

/** The service itself (no RLS): public objects, signed URLs, signed uploads. */
export function serviceStorage(ctx: ServiceContext): Storage {
  return new Storage(new StorageDb(ctx.db, null), ctx);
}

/** Decoded `*` path parameter (the object key). */
export function keyParam(request: FastifyRequest): string {
  return ((request.params as Record<string, string>)['*'] ?? '');
}

export function bucketParam(request: FastifyRequest): string {
  return ((request.params as Record<string, string>).bucketName ?? '');
}
