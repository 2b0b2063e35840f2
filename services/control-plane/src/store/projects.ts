// Projects and their secrets. Status changes are compare-and-set: they only happen from an allowed status.
import type { ProjectSecrets } from '@powabase/keys';
import type { ProjectStatus } from '../lifecycle.ts';
import type { ComputeSettings } from '../provisioner.ts';
import type { Project } from '../types.ts';
import { iso, type Queryable } from './sql.ts';

const toProject = (r: any): Project => ({
  ref: r.ref, organization_id: r.organization_id, organization_slug: r.organization_slug, name: r.name,
  status: r.status, compute: r.compute, removal_pending: r.removal_pending,
  created_at: iso(r.created_at), updated_at: iso(r.updated_at),
});

const FROM = 'from platform.projects p join platform.organizations o on o.id = p.organization_id';
const SELECT = `select p.*, o.slug as organization_slug ${FROM}`;
const SLUG = '(select slug from platform.organizations o where o.id = p.organization_id) as organization_slug';

export async function insertProject(
  q: Queryable,
  p: { ref: string; orgId: string; name: string; compute: ComputeSettings; secrets: ProjectSecrets },
): Promise<Project> {
  await q.query(
    "insert into platform.projects (ref, organization_id, name, status, compute) values ($1, $2, $3, 'COMING_UP', $4)",
    [p.ref, p.orgId, p.name, JSON.stringify(p.compute)],
  );
  await q.query(
    'insert into platform.project_secrets (ref, jwt_secret, anon_key, service_role_key, db_password) values ($1, $2, $3, $4, $5)',
    [p.ref, p.secrets.jwtSecret, p.secrets.anonKey, p.secrets.serviceRoleKey, p.secrets.dbPassword],
  );
  return (await findProject(q, p.ref))!;
}

export async function findProject(q: Queryable, ref: string): Promise<Project | null> {
  const { rows } = await q.query(`${SELECT} where p.ref = $1`, [ref]);
  return rows[0] ? toProject(rows[0]) : null;
}

/** The project with the user's role in its organization; null when missing, removed or not a member. */
export async function findMemberProject(q: Queryable, userId: string, ref: string): Promise<(Project & { role: string }) | null> {
  const { rows } = await q.query(
    `select p.*, o.slug as organization_slug, m.role ${FROM}
       join platform.members m on m.organization_id = p.organization_id and m.user_id = $1
      where p.ref = $2 and p.status <> 'REMOVED'`,
    [userId, ref],
  );
  return rows[0] ? { ...toProject(rows[0]), role: rows[0].role } : null;
}

export async function listMemberProjects(q: Queryable, userId: string): Promise<Project[]> {
  const { rows } = await q.query(
    `${SELECT} join platform.members m on m.organization_id = p.organization_id and m.user_id = $1
      where p.status <> 'REMOVED' order by p.created_at, p.ref`,
    [userId],
  );
  return rows.map(toProject);
}

export async function listOrgProjects(q: Queryable, orgId: string): Promise<Project[]> {
  const { rows } = await q.query(`${SELECT} where p.organization_id = $1 and p.status <> 'REMOVED' order by p.created_at`, [orgId]);
  return rows.map(toProject);
}

export async function listProjectsByStatus(q: Queryable, statuses: readonly ProjectStatus[]): Promise<Project[]> {
  const { rows } = await q.query(`${SELECT} where p.status = any($1::text[]) order by p.created_at, p.ref`, [statuses]);
  return rows.map(toProject);
}

export async function listPendingRemovals(q: Queryable): Promise<Project[]> {
  const { rows } = await q.query(`${SELECT} where p.removal_pending order by p.created_at`);
  return rows.map(toProject);
}

export async function updateProject(q: Queryable, ref: string, patch: { name?: string; compute?: ComputeSettings }): Promise<Project> {
  await q.query(
    `update platform.projects set name = coalesce($2, name), compute = coalesce($3::jsonb, compute), updated_at = now()
      where ref = $1`,
    [ref, patch.name ?? null, patch.compute ? JSON.stringify(patch.compute) : null],
  );
  return (await findProject(q, ref))!;
}

/** Moves the project to `to` if its status is one of `from`; null (and no change) otherwise. */
export async function transitionProject(
  q: Queryable, ref: string, from: readonly ProjectStatus[], to: ProjectStatus,
): Promise<{ project: Project; previous: ProjectStatus } | null> {
  const { rows } = await q.query(
    `with old as (select ref, status from platform.projects where ref = $1 for update)
     update platform.projects p set status = $2::text, updated_at = now(),
            removal_pending = case when $2::text = 'REMOVED' then true else p.removal_pending end
       from old where p.ref = old.ref and old.status = any($3::text[])
     returning p.*, old.status as previous, ${SLUG}`,
    [ref, to, from],
  );
  return rows[0] ? { project: toProject(rows[0]), previous: rows[0].previous } : null;
}

export async function clearRemovalPending(q: Queryable, ref: string): Promise<void> {
  await q.query('update platform.projects set removal_pending = false, updated_at = now() where ref = $1', [ref]);
}

export async function findSecrets(q: Queryable, ref: string): Promise<ProjectSecrets | null> {
  const { rows } = await q.query('select * from platform.project_secrets where ref = $1', [ref]);
  const r = rows[0];
  return r ? { jwtSecret: r.jwt_secret, anonKey: r.anon_key, serviceRoleKey: r.service_role_key, dbPassword: r.db_password } : null;
}

export async function deleteSecrets(q: Queryable, ref: string): Promise<void> {
  await q.query('delete from platform.project_secrets where ref = $1', [ref]);
}
