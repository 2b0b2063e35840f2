// Admin routes (service role or another admin role): /admin/users CRUD with X-Total-Count and Link
// pagination, user factors, /admin/generate_link, /invite.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validation } from '../../errors.ts';
import { adminUpdateUser, checkUserId, createUser, deleteUser, generateLink, getUser, invite, listUsers } from '../../domain/admin.ts';
import { adminDeleteFactor, adminListFactors } from '../../domain/mfa.ts';
import { factorJson, userJson } from '../../domain/user-json.ts';
import type { AuthDeps } from '../../types.ts';
import { audience, bodyOf, query, redirectTo, requireAdmin } from '../request.ts';

function pageParam(v: string | undefined, def: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw validation(`Bad Pagination Parameters: ${name} must be a positive integer`);
  return n;
}

export async function adminRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const params = (request: FastifyRequest) => request.params as { id: string; factorId: string };

  app.get('/admin/users', async (request, reply) => {
    requireAdmin(deps, request);
    const q = query(request);
    const page = pageParam(q.page, 1, 'page');
    const perPage = Math.min(pageParam(q.per_page, 50, 'per_page'), 1000);
    const { users, total } = await listUsers(deps, page, perPage, audience(deps, request));
    const last = Math.max(1, Math.ceil(total / perPage));
    const links: string[] = [];
    if (page < last) links.push(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    links.push(`</admin/users?page=${last}&per_page=${perPage}>; rel="last"`);
    reply.header('x-total-count', String(total)).header('link', links.join(', '));
    return { users: users.map(userJson), aud: audience(deps, request) };
  });

  app.post('/admin/users', async (request) => {
    requireAdmin(deps, request);
    return userJson(await createUser(deps, await bodyOf(request), audience(deps, request)));
  });

  app.get('/admin/users/:id', async (request) => {
    requireAdmin(deps, request);
    return userJson(await getUser(deps, params(request).id));
  });

  app.put('/admin/users/:id', async (request) => {
    requireAdmin(deps, request);
    return userJson(await adminUpdateUser(deps, params(request).id, await bodyOf(request)));
  });

  app.delete('/admin/users/:id', async (request) => {
    requireAdmin(deps, request);
    const body = await bodyOf(request);
    await deleteUser(deps, params(request).id, body.should_soft_delete === true);
    return {};
  });

  app.get('/admin/users/:id/factors', async (request) => {
    requireAdmin(deps, request);
    checkUserId(params(request).id);
    return (await adminListFactors(deps, params(request).id)).map(factorJson);
  });

  app.delete('/admin/users/:id/factors/:factorId', async (request) => {
    requireAdmin(deps, request);
    checkUserId(params(request).id);
    return factorJson(await adminDeleteFactor(deps, params(request).id, params(request).factorId));
  });

  app.post('/admin/generate_link', async (request) => {
    requireAdmin(deps, request);
    const body = await bodyOf(request);
    return generateLink(deps, body, redirectTo(deps, request, body), audience(deps, request));
  });

  app.post('/invite', async (request) => {
    requireAdmin(deps, request);
    const body = await bodyOf(request);
    return userJson(await invite(deps, body, redirectTo(deps, request, body), audience(deps, request)));
  });
}
