// Routes of a signed-in user: GET/PUT /user, POST /logout, GET /reauthenticate, MFA /factors, identities.
import type { FastifyInstance } from 'fastify';
import { authError, validation } from '../../errors.ts';
import { reauthenticate } from '../../domain/passwordless.ts';
import { updateUser } from '../../domain/user-update.ts';
import { userJson } from '../../domain/user-json.ts';
import { challenge, enroll, unenroll, verifyFactor } from '../../domain/mfa.ts';
import { linkIdentityUrl, unlinkIdentity } from '../../domain/identities.ts';
import { deleteSessions, type LogoutScope } from '../../store/sessions.ts';
import type { AuthDeps } from '../../types.ts';
import { bodyOf, clientIp, query, redirectTo, requireUser } from '../request.ts';

export async function userRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  app.get('/user', async (request) => userJson((await requireUser(deps, request)).user));

  app.put('/user', async (request) => {
    const { caller } = await requireUser(deps, request);
    const body = await bodyOf(request);
    return userJson(await updateUser(deps, caller, body, redirectTo(deps, request, body)));
  });

  app.post('/logout', async (request, reply) => {
    const scope = (query(request).scope || 'global') as LogoutScope;
    if (!['global', 'local', 'others'].includes(scope)) throw validation(`Unsupported logout scope "${scope}"`);
    const { caller } = await requireUser(deps, request);
    await deleteSessions(deps.db.pool, caller.userId, caller.sessionId, scope);
    return reply.code(204).send();
  });

  app.get('/reauthenticate', async (request) => reauthenticate(deps, (await requireUser(deps, request)).user));

  app.post('/factors', async (request) => enroll(deps, (await requireUser(deps, request)).caller, await bodyOf(request)));
  app.post('/factors/:id/challenge', async (request) => {
    const { caller } = await requireUser(deps, request);
    return challenge(deps, caller, (request.params as { id: string }).id, clientIp(deps, request));
  });
  app.post('/factors/:id/verify', async (request) => {
    const { caller } = await requireUser(deps, request);
    return verifyFactor(deps, caller, (request.params as { id: string }).id, await bodyOf(request), clientIp(deps, request));
  });
  app.delete('/factors/:id', async (request) => unenroll(deps, (await requireUser(deps, request)).caller, (request.params as { id: string }).id));

  app.get('/user/identities/authorize', async (request, reply) => {
    const { user } = await requireUser(deps, request);
    const q = query(request);
    if (!q.provider) throw validation('Unsupported provider: provider is required');
    const url = await linkIdentityUrl(deps, user, q, redirectTo(deps, request));
    return q.skip_http_redirect === 'true' ? { url } : reply.redirect(url, 302);
  });

  app.delete('/user/identities/:id', async (request) => {
    const { user } = await requireUser(deps, request);
    if (!deps.config.manualLinking) throw authError('manual_linking_disabled');
    await unlinkIdentity(deps, user, (request.params as { id: string }).id);
    return {};
  });
}
