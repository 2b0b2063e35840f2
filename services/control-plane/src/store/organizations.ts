// Organizations, always read through a membership so a non-member finds nothing.
import type { MemberOrganization, Organization } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

const toOrg = (r: any): Organization => ({ id: r.id, slug: r.slug, name: r.name, created_at: iso(r.created_at) });
const toMemberOrg = (r: any): MemberOrganization => ({ ...toOrg(r), role: r.role });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertOrganization(q: Queryable, o: { id: string; slug: string; name: string }): Promise<Organization> {
  const { rows } = await q.query('insert into platform.organizations (id, slug, name) values ($1, $2, $3) returning *', [o.id, o.slug, o.name]);
  return toOrg(rows[0]);
}

/** The organization named by slug or id, with the user's role; null when it is missing or they are no member. */
export async function findMemberOrganization(q: Queryable, userId: string, slugOrId: string): Promise<MemberOrganization | null> {
  const byId = UUID.test(slugOrId);
  const { rows } = await q.query(
    `select o.*, m.role from platform.organizations o join platform.members m on m.organization_id = o.id and m.user_id = $1
      where ${byId ? 'o.id = $2::uuid' : 'o.slug = $2'}`,
    [userId, slugOrId],
  );
  return rows[0] ? toMemberOrg(rows[0]) : null;
}

export async function listMemberOrganizations(q: Queryable, userId: string): Promise<MemberOrganization[]> {
  const { rows } = await q.query(
    `select o.*, m.role from platform.organizations o join platform.members m on m.organization_id = o.id
      where m.user_id = $1 order by o.created_at, o.slug`,
    [userId],
  );
  return rows.map(toMemberOrg);
}

export async function updateOrganization(q: Queryable, id: string, name: string): Promise<Organization> {
  const { rows } = await q.query('update platform.organizations set name = $2 where id = $1 returning *', [id, name]);
  return toOrg(rows[0]);
}

export async function deleteOrganization(q: Queryable, id: string): Promise<void> {
  await q.query('delete from platform.organizations where id = $1', [id]);
}

export async function slugTaken(q: Queryable, slug: string): Promise<boolean> {
  const { rows } = await q.query('select 1 from platform.organizations where slug = $1', [slug]);
  return rows.length > 0;
}

/** Projects that still hold data (anything not fully removed). */
export async function countLiveProjects(q: Queryable, orgId: string): Promise<number> {
  const { rows } = await q.query(
    "select count(*)::int as n from platform.projects where organization_id = $1 and (status <> 'REMOVED' or removal_pending)",
    [orgId],
  );
  return rows[0].n;
}
