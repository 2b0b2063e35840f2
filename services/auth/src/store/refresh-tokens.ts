// SQL of the refresh_token grant: the one-call rotation of an active token (the common case) and the
// locked lookup + rotation the grant's transaction uses for everything else (reuse, hand-back, errors).
import { FULL_USER_COLUMNS } from './users.ts';
import type { FullUser, Queryable } from '../types.ts';

export interface TokenLookup {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  s_id: string;
  aal: string | null;
  not_after: Date | null;
  banned_until: Date | null;
}

export type RotatedUser = FullUser & { amr: { m: string; t: string }[] | null };

const INSTANCE = "'00000000-0000-0000-0000-000000000000'";
const AMR = `(select json_agg(json_build_object('m', a.authentication_method, 't', a.updated_at) order by a.updated_at desc)
  from auth.mfa_amr_claims a where a.session_id = $7) as amr`;

/**
 * One autocommit call (one round trip, no transaction held open, a plan kept by the database session): if
 * `token` is active, its session unexpired and its user not banned, rotates it to `child` and returns the
 * user with the session's id, aal and AMR (migrations/0002). Null otherwise; the caller then runs the full
 * grant. A concurrent rotation of the same token makes this one see it revoked (Postgres rechecks the locked
 * row), so it falls through to the reuse rules.
 */
export async function rotateActiveToken(q: Queryable, token: string, child: string, now: Date):
  Promise<(RotatedUser & { s_id: string; s_aal: string | null }) | null> {
  const r = await q.query<RotatedUser & { s_id: string; s_aal: string | null }>(
    `select r.s_id, r.s_aal, (r.usr).*, r.identities, r.factors, r.amr
     from auth.powabase_rotate_refresh_token($1, $2, $3) r`,
    [token, child, now],
  );
  return r.rows[0] ?? null;
}

/** Inside the grant's transaction: the token with its session and user, token and session locked. */
export async function lockToken(q: Queryable, token: string): Promise<TokenLookup | null> {
  return (await q.query<TokenLookup>(
    `select rt.id, rt.token, rt.user_id, rt.revoked, rt.updated_at, s.id as s_id, s.aal, s.not_after, u.banned_until
     from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id join auth.users u on u.id = s.user_id
     where rt.token = $1 for update of rt, s`, [token])).rows[0] ?? null;
}

export async function tokenExists(q: Queryable, token: string): Promise<boolean> {
  return !!(await q.query('select 1 from auth.refresh_tokens where token = $1', [token])).rowCount;
}

/** The session's newest active token (the one a lost answer carried). */
export async function activeToken(q: Queryable, sessionId: string): Promise<{ token: string; parent: string | null } | null> {
  return (await q.query<{ token: string; parent: string | null }>(
    'select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1', [sessionId])).rows[0] ?? null;
}

/** Revoked without touching updated_at, so the family's tokens do not get a fresh reuse interval. */
export async function revokeFamily(q: Queryable, sessionId: string): Promise<void> {
  await q.query('update auth.refresh_tokens set revoked = true where session_id = $1 and revoked = false', [sessionId]);
}

/**
 * Revokes the presented token and adds its child (unless `handBack`: the active token is answered again),
 * touches the session, and reads the session's AMR and the user as the response needs them.
 */
export async function rotateLocked(q: Queryable, t: TokenLookup, issued: string, handBack: boolean, now: Date): Promise<RotatedUser> {
  return (await q.query<RotatedUser>(
    `with revoke as (update auth.refresh_tokens set revoked = true, updated_at = $3 where id = $1 and not revoked and $6),
       child as (insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
                 select ${INSTANCE}, $2, $4, false, $3, $3, $5, $7 where $6),
       touch as (update auth.sessions set refreshed_at = $8, updated_at = $3 where id = $7)
     select ${FULL_USER_COLUMNS}, ${AMR}
     from auth.users u where u.id = $4::uuid`,
    [t.id, issued, now, t.user_id, t.token, !handBack, t.s_id, now.toISOString().replace('Z', '')],
  )).rows[0];
}
