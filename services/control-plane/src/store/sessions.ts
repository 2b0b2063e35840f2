// Sessions of platform users and their rotating refresh tokens (sha256 hashes only).
import type { User } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

export async function insertSession(q: Queryable, id: string, userId: string): Promise<void> {
  await q.query('insert into platform.sessions (id, user_id) values ($1, $2)', [id, userId]);
}

/** The user of a live session, or null when the session ended (logout, refresh-token reuse). */
export async function findSessionUser(q: Queryable, sessionId: string, userId: string): Promise<User | null> {
  const { rows } = await q.query(
    `select u.id, u.email, u.created_at from platform.sessions s join platform.users u on u.id = s.user_id
      where s.id = $1 and u.id = $2`,
    [sessionId, userId],
  );
  return rows[0] ? { id: rows[0].id, email: rows[0].email, created_at: iso(rows[0].created_at) } : null;
}

export async function deleteSession(q: Queryable, sessionId: string): Promise<void> {
  await q.query('delete from platform.sessions where id = $1', [sessionId]);
}

export async function insertRefreshToken(q: Queryable, hash: string, sessionId: string, ttlS: number): Promise<void> {
  await q.query(
    "insert into platform.refresh_tokens (token_hash, session_id, expires_at) values ($1, $2, now() + make_interval(secs => $3))",
    [hash, sessionId, ttlS],
  );
}

export interface RefreshTokenRow { session_id: string; user_id: string; revoked: boolean; expired: boolean }

/** Locks the token's row for the rotation that follows. */
export async function lockRefreshToken(q: Queryable, hash: string): Promise<RefreshTokenRow | null> {
  const { rows } = await q.query(
    `select t.session_id, s.user_id, t.revoked_at is not null as revoked, t.expires_at <= now() as expired
       from platform.refresh_tokens t join platform.sessions s on s.id = t.session_id
      where t.token_hash = $1 for update of t`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function revokeRefreshToken(q: Queryable, hash: string): Promise<void> {
  await q.query('update platform.refresh_tokens set revoked_at = now() where token_hash = $1', [hash]);
}
