// Access checks against the permission table. A non-member sees nothing (404), a member whose role lacks
// the action gets 403.
import { raise } from '../errors.ts';
import { can, type Action, type Role } from '../permissions.ts';
import type { MemberOrganization, Principal, Project } from '../types.ts';
import { findMemberOrganization } from '../store/organizations.ts';
import { findMemberProject } from '../store/projects.ts';
import type { Deps } from './deps.ts';

export async function orgAccess(d: Deps, p: Principal, slugOrId: string, action: Action): Promise<MemberOrganization> {
  const org = await findMemberOrganization(d.db, p.user.id, slugOrId);
  if (!org) throw raise('organization_not_found');
  demand(org.role, action);
  return org;
}

export async function projectAccess(d: Deps, p: Principal, ref: string, action: Action): Promise<{ project: Project; role: Role }> {
  const found = await findMemberProject(d.db, p.user.id, ref);
  if (!found) throw raise('project_not_found');
  const { role, ...project } = found;
  demand(role as Role, action);
  return { project, role: role as Role };
}

function demand(role: Role, action: Action): void {
  if (!can(role, action)) throw raise('forbidden', `Your role (${role}) does not allow ${action}`);
}
