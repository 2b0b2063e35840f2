// SQL for auth.sessions, auth.refresh_tokens and auth.mfa_amr_claims.
import { uuid } from '@powabase/core';
import { newRefreshToken } from '../crypto.ts';
import type { FullUser, Queryable, RequestMeta } from '../types.ts';

export interface SessionRow {
  id: string;
  user_id: string;
  aal: 'aal1' | 'aal2' | 'aal3' | null;
  factor_id: string | null;
  not_after: Date | null;
  created_at: Date;
}

export interface AmrEntry { method: string; timestamp: number }

/**
 * Signs a user in, in one call (migrations/0002): touches the user (and its `provider` identity when given),
 * creates an aal1 session with its AMR claim and first refresh token, and returns the user as findFullUser.
 */
export async function startSession(q: Queryable, userId: string, method: string, now: Date, meta: RequestMeta | null, provider?: string):
  Promise<{ sessionId: string; refreshToken: string; user: FullUser }> {
  const sessionId = uuid();
  const refreshToken = newRefreshToken();
  const r = await q.query<FullUser>(
    'select (r.usr).*, r.identities, r.factors from auth.powabase_start_session($1, $2, $3, $4, $5, $6, $7, $8, $9) r',
    [userId, method, now, sessionId, uuid(), refreshToken, meta?.userAgent || null, meta?.ip || null, provider ?? null],
  );
  return { sessionId, refreshToken, user: r.rows[0] };
}

export async function insertRefreshToken(q: Queryable, userId: string, sessionId: string, token: string, parent: string | null, now: Date): Promise<void> {
  await q.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, $3, $3, $4, $5)`,
    [token, userId, now, parent, sessionId],
  );
}

export async function findSession(q: Queryable, id: string): Promise<SessionRow | null> {
  return (await q.query<SessionRow>('select id, user_id, aal, factor_id, not_after, created_at from auth.sessions where id = $1', [id])).rows[0] ?? null;
}

/** AMR entries of a session, newest first, as the access token carries them. */
export async function sessionAmr(q: Queryable, sessionId: string): Promise<AmrEntry[]> {
  const r = await q.query<{ authentication_method: string; updated_at: Date }>(
    'select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc', [sessionId]);
  return r.rows.map((x) => ({ method: x.authentication_method, timestamp: Math.floor(x.updated_at.getTime() / 1000) }));
}

export async function addAmrClaim(q: Queryable, sessionId: string, method: string, now: Date): Promise<void> {
  await q.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id) values ($1, $2, $2, $3, $4)
     on conflict (session_id, authentication_method) do update set updated_at = excluded.updated_at`,
    [sessionId, now, method, uuid()],
  );
}

export type LogoutScope = 'global' | 'local' | 'others';

export async function deleteSessions(q: Queryable, userId: string, sessionId: string | null, scope: LogoutScope): Promise<void> {
  if (scope === 'global' || !sessionId) await q.query('delete from auth.sessions where user_id = $1', [userId]);
  else if (scope === 'local') await q.query('delete from auth.sessions where id = $1 and user_id = $2', [sessionId, userId]);
  else await q.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId]);
  // refresh tokens made before sessions existed carry no session; a global logout revokes them too
  if (scope === 'global') await q.query('update auth.refresh_tokens set revoked = true where user_id = $1 and session_id is null', [userId]);
}
