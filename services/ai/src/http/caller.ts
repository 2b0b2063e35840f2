// Who is calling, for the conversation routes: the service role, or an end user (authenticated, UUID sub).
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../agents/sessions.ts';
import { raise } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function callerOf(req: FastifyRequest): Caller {
  const auth = req.auth;
  if (auth?.role === 'service_role') return { kind: 'service' };
  const sub = auth?.claims?.sub;
  if (auth?.role !== 'authenticated') throw raise('service_role_required');
  if (typeof sub !== 'string' || !UUID.test(sub)) throw raise('invalid_token', 'Invalid token: an end-user token needs a UUID sub');
  if (auth.claims.aud !== 'authenticated' && !(Array.isArray(auth.claims.aud) && auth.claims.aud.includes('authenticated'))) throw raise('invalid_token', 'Invalid token audience');
  if (typeof auth.claims.exp !== 'number') throw raise('invalid_token', 'Invalid token: an end-user token needs exp');
  return { kind: 'user', userId: sub.toLowerCase(), claims: auth.claims, token: auth.token };
}
