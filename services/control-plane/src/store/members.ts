// Organization members and their roles.
import type { Role } from '../permissions.ts';
import type { Member } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

const toMember = (r: any): Member => ({ user_id: r.user_id, email: r.email, role: r.role, created_at: iso(r.created_at) });

const SELECT = `select m.user_id, u.email, m.role, m.created_at from platform.members m join platform.users u on u.id = m.user_id`;

export async function insertMember(q: Queryable, orgId: string, userId: string, role: Role): Promise<void> {
  await q.query('insert into platform.members (organization_id, user_id, role) values ($1, $2, $3)', [orgId, userId, role]);
}

export async function listMembers(q: Queryable, orgId: string): Promise<Member[]> {
  const { rows } = await q.query(`${SELECT} where m.organization_id = $1 order by m.created_at, u.email`, [orgId]);
  return rows.map(toMember);
}

/** The member row, locked for a role change or removal in the same transaction. */
export async function lockMember(q: Queryable, orgId: string, userId: string): Promise<Member | null> {
  const { rows } = await q.query(`${SELECT} where m.organization_id = $1 and m.user_id = $2 for update of m`, [orgId, userId]);
  return rows[0] ? toMember(rows[0]) : null;
}

/** Locks every owner row of the organization and counts them (so two owners cannot both step down). */
export async function lockOwners(q: Queryable, orgId: string): Promise<number> {
  const { rows } = await q.query(
    "select user_id from platform.members where organization_id = $1 and role = 'owner' for update",
    [orgId],
  );
  return rows.length;
}

export async function updateMemberRole(q: Queryable, orgId: string, userId: string, role: Role): Promise<Member> {
  await q.query('update platform.members set role = $3 where organization_id = $1 and user_id = $2', [orgId, userId, role]);
  return (await lockMember(q, orgId, userId))!;
}

export async function deleteMember(q: Queryable, orgId: string, userId: string): Promise<void> {
  await q.query('delete from platform.members where organization_id = $1 and user_id = $2', [orgId, userId]);
}

export async function findMemberByEmail(q: Queryable, orgId: string, email: string): Promise<Member | null> {
  const { rows } = await q.query(`${SELECT} where m.organization_id = $1 and lower(u.email) = lower($2)`, [orgId, email]);
  return rows[0] ? toMember(rows[0]) : null;
}
