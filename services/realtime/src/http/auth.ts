// The caller as the gateway established it (`request.auth`), read without importing the gateway.
import type { FastifyRequest } from 'fastify';
import type { AuthInfo } from '@powabase/core';

export function authOf(request: FastifyRequest): AuthInfo {
  const auth = (request as unknown as { auth?: AuthInfo }).auth;
  if (!auth) throw new Error('realtime: request.auth is missing (the service must run behind the gateway)');
  return auth;
}

export function queryString(request: FastifyRequest, name: string): string | undefined {
  const v = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}
