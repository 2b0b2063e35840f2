// Pending invitations to an organization: one per (organization, email); the token is stored hashed.
import type { Invitation } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

const toInvitation = (r: any): Invitation => ({
  id: r.id, organization_id: r.organization_id, email: r.email, role: r.role, invited_by: r.invited_by,
  expires_at: iso(r.expires_at), created_at: iso(r.created_at),
});

/** Replaces any pending invitation for the same email. */
export async function upsertInvitation(
  q: Queryable,
  i: { id: string; orgId: string; email: string; role: string; hash: string; invitedBy: string; ttlS: number },
): Promise<Invitation> {
  await q.query('delete from platform.invitations where organization_id = $1 and lower(email) = lower($2)', [i.orgId, i.email]);
  const { rows } = await q.query(
    `insert into platform.invitations (id, organization_id, email, role, token_hash, invited_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7)) returning *`,
    [i.id, i.orgId, i.email.toLowerCase(), i.role, i.hash, i.invitedBy, i.ttlS],
  );
  return toInvitation(rows[0]);
}

export async function listInvitations(q: Queryable, orgId: string): Promise<Invitation[]> {
  const { rows } = await q.query(
    'select * from platform.invitations where organization_id = $1 and expires_at > now() order by created_at, email',
    [orgId],
  );
  return rows.map(toInvitation);
}

export async function deleteInvitation(q: Queryable, orgId: string, id: string): Promise<Invitation | null> {
  const { rows } = await q.query('delete from platform.invitations where organization_id = $1 and id = $2 returning *', [orgId, id]);
  return rows[0] ? toInvitation(rows[0]) : null;
}

/** An unexpired invitation by its token hash, locked until the accepting transaction ends. */
export async function lockInvitationByHash(q: Queryable, hash: string): Promise<Invitation | null> {
  const { rows } = await q.query(
    'select * from platform.invitations where token_hash = $1 and expires_at > now() for update',
    [hash],
  );
  return rows[0] ? toInvitation(rows[0]) : null;
}

export async function deleteInvitationById(q: Queryable, id: string): Promise<void> {
  await q.query('delete from platform.invitations where id = $1', [id]);
}
