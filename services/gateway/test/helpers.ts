// Test fixtures: two projects' keys, hand-made hostile JWTs, and echo services that show what the gateway decided.
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ProjectInfo } from '@powabase/core';
import { issueProjectKeys, signJwt } from '@powabase/keys';

export async function makeProject(ref: string): Promise<ProjectInfo> {
  const s = await issueProjectKeys(ref);
  return { ref, url: `http://127.0.0.1/${ref}`, jwtSecret: s.jwtSecret, anonKey: s.anonKey, serviceRoleKey: s.serviceRoleKey };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWT with any header, HMAC-signed with `alg` (or unsigned for alg none). */
export function rawJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string, hmac: 'sha256' | 'sha512' | null): string {
  const head = `${b64(header)}.${b64(payload)}`;
  const sig = hmac ? createHmac(hmac, secret).update(head).digest('base64url') : '';
  return `${head}.${sig}`;
}

export async function tokens(project: ProjectInfo, other: ProjectInfo) {
  const now = Math.floor(Date.now() / 1000);
  const user = { sub: randomUUID(), role: 'authenticated', aud: 'authenticated', email: 'u@example.com' };
  return {
    user: await signJwt(project.jwtSecret, user, { expiresInS: 3600 }),
    userSub: user.sub,
    otherSecret: await signJwt(other.jwtSecret, user, { expiresInS: 3600 }),
    expired: await signJwt(project.jwtSecret, { ...user, iat: now - 7200, exp: now - 3600 }),
    algNone: rawJwt({ alg: 'none', typ: 'JWT' }, { ...user, exp: now + 3600 }, project.jwtSecret, null),
    hs512: rawJwt({ alg: 'HS512', typ: 'JWT' }, { ...user, exp: now + 3600 }, project.jwtSecret, 'sha512'),
    garbage: 'not-a-jwt',
  };
}

async function bodyOf(request: FastifyRequest): Promise<unknown> {
  const b = request.body as unknown;
  if (b && typeof (b as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of b as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    return { stream: Buffer.concat(chunks).toString('utf8') };
  }
  return b;
}

/** A service that answers every path with what the gateway told it about the caller. */
export function echoService(name: string): FastifyPluginAsync {
  return async (app) => {
    const reply = async (request: FastifyRequest) => ({
      service: name,
      role: request.auth.role,
      keyRole: request.auth.keyRole,
      sub: request.auth.claims.sub ?? null,
      authError: request.authError?.reason ?? null,
      body: (await bodyOf(request)) ?? null,
    });
    app.get('/boom', async () => { throw new Error('secret internals at /db/path'); });
    app.get('/teapot', async () => { throw Object.assign(new Error('I am a teapot'), { statusCode: 418 }); });
    app.all('/', reply);
    app.all('/*', reply);
  };
}
