// Personal access tokens: sha256 hashes with a name; lookups also stamp last_used_at (at most once a minute).
import type { AccessTokenInfo, User } from '../types.ts';
import { iso, isoOrNull, type Queryable } from './sql.ts';

const toInfo = (r: any): AccessTokenInfo => ({
  id: r.id, name: r.name, created_at: iso(r.created_at), last_used_at: isoOrNull(r.last_used_at),
});

export async function insertAccessToken(q: Queryable, t: { id: string; userId: string; name: string; hash: string }): Promise<AccessTokenInfo> {
  const { rows } = await q.query(
    'insert into platform.access_tokens (id, user_id, name, token_hash) values ($1, $2, $3, $4) returning *',
    [t.id, t.userId, t.name, t.hash],
  );
  return toInfo(rows[0]);
}

/** Inserts unless a token with this hash exists; returns the row either way. */
export async function upsertAccessToken(q: Queryable, t: { id: string; userId: string; name: string; hash: string }): Promise<AccessTokenInfo> {
  const { rows } = await q.query(
    `insert into platform.access_tokens (id, user_id, name, token_hash) values ($1, $2, $3, $4)
     on conflict (token_hash) do update set name = platform.access_tokens.name returning *`,
    [t.id, t.userId, t.name, t.hash],
  );
  return toInfo(rows[0]);
}

export async function listAccessTokens(q: Queryable, userId: string): Promise<AccessTokenInfo[]> {
  const { rows } = await q.query('select * from platform.access_tokens where user_id = $1 order by created_at, id', [userId]);
  return rows.map(toInfo);
}

export async function deleteAccessToken(q: Queryable, userId: string, id: string): Promise<AccessTokenInfo | null> {
  const { rows } = await q.query('delete from platform.access_tokens where user_id = $1 and id = $2 returning *', [userId, id]);
  return rows[0] ? toInfo(rows[0]) : null;
}

export async function findUserByAccessToken(q: Queryable, hash: string): Promise<User | null> {
  const { rows } = await q.query(
    `with stamp as (
       update platform.access_tokens set last_used_at = now()
        where token_hash = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')
     )
     select u.id, u.email, u.created_at from platform.access_tokens t join platform.users u on u.id = t.user_id
      where t.token_hash = $1`,
    [hash],
  );
  return rows[0] ? { id: rows[0].id, email: rows[0].email, created_at: iso(rows[0].created_at) } : null;
}
