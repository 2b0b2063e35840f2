// Organization members: role changes and removal. Only owners touch the owner role, and an organization
// always keeps one owner (owner rows are locked while this is checked).
import { raise } from '../errors.ts';
import { canAssignRole, isRole, type Role } from '../permissions.ts';
import type { Member, MemberOrganization, User } from '../types.ts';
import * as store from '../store/members.ts';
import type { Deps } from './deps.ts';

export const listMembers = (d: Deps, org: MemberOrganization) => store.listMembers(d.db, org.id);

export async function updateMemberRole(d: Deps, org: MemberOrganization, userId: string, role: Role): Promise<Member> {
  if (!isRole(role)) throw raise('validation_failed', 'role must be owner, admin, developer or read_only');
  return d.db.tx(async (c) => {
    const owners = await store.lockOwners(c, org.id);
    const target = await store.lockMember(c, org.id, userId);
    if (!target) throw raise('member_not_found');
    if (!canAssignRole(org.role, target.role, role)) throw raise('role_not_assignable');
    if (target.role === 'owner' && role !== 'owner' && owners <= 1) throw raise('last_owner');
    if (target.role === role) return target;
    return store.updateMemberRole(c, org.id, userId, role);
  });
}

/** Removes a member; `actor` removing themself is leaving the organization. */
export async function removeMember(d: Deps, org: MemberOrganization, actor: User, userId: string): Promise<Member> {
  return d.db.tx(async (c) => {
    const owners = await store.lockOwners(c, org.id);
    const target = await store.lockMember(c, org.id, userId);
    if (!target) throw raise('member_not_found');
    if (actor.id !== userId && !canAssignRole(org.role, target.role, null)) throw raise('role_not_assignable');
    if (target.role === 'owner' && owners <= 1) throw raise('last_owner');
    await store.deleteMember(c, org.id, userId);
    return target;
  });
}
