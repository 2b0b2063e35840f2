// Platform users: rows of platform.users (emails compared case-insensitively, stored lowercased).
import type { User } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

const toUser = (r: any): User => ({ id: r.id, email: r.email, created_at: iso(r.created_at) });

export async function insertUser(q: Queryable, u: { id: string; email: string; passwordHash: string }): Promise<User> {
  const { rows } = await q.query('insert into platform.users (id, email, password_hash) values ($1, $2, $3) returning *', [
    u.id, u.email.toLowerCase(), u.passwordHash,
  ]);
  return toUser(rows[0]);
}

export async function findUserByEmail(q: Queryable, email: string): Promise<(User & { password_hash: string }) | null> {
  const { rows } = await q.query('select * from platform.users where lower(email) = lower($1)', [email]);
  return rows[0] ? { ...toUser(rows[0]), password_hash: rows[0].password_hash } : null;
}

export async function findUserById(q: Queryable, id: string): Promise<User | null> {
  const { rows } = await q.query('select * from platform.users where id = $1', [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function countUsers(q: Queryable): Promise<number> {
  const { rows } = await q.query('select count(*)::int as n from platform.users');
  return rows[0].n;
}

/** Serialises signups so "the first user" is decided once. */
export async function lockUsers(q: Queryable): Promise<void> {
  await q.query('lock table platform.users in share row exclusive mode');
}
