// Manual identity linking for a signed-in user (GoTrue's /user/identities/*): the OAuth URL that links the
// provider's identity to this user on callback, and unlinking (never the last identity).
import { authError } from '../errors.ts';
import type { AuthDeps, FullUser } from '../types.ts';
import { authorizeUrl } from './oauth.ts';
import { pkceParams } from './pkce.ts';

export async function linkIdentityUrl(deps: AuthDeps, user: FullUser, q: Record<string, string>, redirectTo: string): Promise<string> {
  if (!deps.config.manualLinking) throw authError('manual_linking_disabled');
  return authorizeUrl(deps as never, q.provider, { redirectTo, scopes: q.scopes, pkce: pkceParams(q), linkUserId: user.id });
}

export async function unlinkIdentity(deps: AuthDeps, user: FullUser, identityId: string): Promise<void> {
  const identity = user.identities.find((i) => i.id === identityId);
  if (!identity) throw authError('identity_not_found');
  if (user.identities.length <= 1) throw authError('single_identity_not_deletable');
  if (identity.provider === 'email' && user.email && identity.email === user.email
    && user.identities.some((i) => i.id !== identity.id && i.email === user.email)) {
    throw authError('email_conflict_identity_not_deletable');
  }
  await deps.db.tx(async (c) => {
    await c.query('delete from auth.identities where id = $1', [identity.id]);
    const remaining = user.identities.filter((i) => i.id !== identity.id).map((i) => i.provider);
    const providers = [...new Set(remaining)];
    const app = { ...(user.raw_app_meta_data ?? {}), providers, provider: providers.includes(String(user.raw_app_meta_data?.provider)) ? user.raw_app_meta_data?.provider : providers[0] };
    await c.query('update auth.users set raw_app_meta_data = $2, updated_at = $3 where id = $1', [user.id, app, deps.now()]);
  });
}
