// Invitations: an admin invites an email with a role and gets a token (`pbi_` + 40 hex, stored hashed);
// the signed-in user with that email accepts it and becomes a member.
import { randomBytes } from 'node:crypto';
import { uuid } from '@powabase/core';
import { hashToken } from '@powabase/keys';
import { raise } from '../errors.ts';
import { canAssignRole, isRole, type Role } from '../permissions.ts';
import type { Invitation, MemberOrganization, User } from '../types.ts';
import * as members from '../store/members.ts';
import { findMemberOrganization } from '../store/organizations.ts';
import * as store from '../store/invitations.ts';
import type { Deps } from './deps.ts';
import { checkEmail } from './validate.ts';

export async function createInvitation(
  d: Deps, org: MemberOrganization, actor: User, email: string, role: Role,
): Promise<Invitation & { token: string }> {
  const e = checkEmail(email);
  if (!isRole(role)) throw raise('validation_failed', 'role must be owner, admin, developer or read_only');
  if (!canAssignRole(org.role, null, role)) throw raise('role_not_assignable');
  const token = 'pbi_' + randomBytes(20).toString('hex');
  const inv = await d.db.tx(async (c) => {
    if (await members.findMemberByEmail(c, org.id, e)) throw raise('already_member');
    return store.upsertInvitation(c, {
      id: uuid(), orgId: org.id, email: e, role, hash: hashToken(token), invitedBy: actor.id, ttlS: d.config.invitationTtlS,
    });
  });
  return { ...inv, token };
}

export const listInvitations = (d: Deps, org: MemberOrganization) => store.listInvitations(d.db, org.id);

export async function deleteInvitation(d: Deps, org: MemberOrganization, id: string): Promise<Invitation> {
  const gone = await store.deleteInvitation(d.db, org.id, id);
  if (!gone) throw raise('invitation_not_found');
  return gone;
}

/** Accepts for `user`; accepting an organization one already belongs to keeps the current role. */
export async function acceptInvitation(d: Deps, user: User, token: string): Promise<MemberOrganization> {
  const orgId = await d.db.tx(async (c) => {
    const inv = await store.lockInvitationByHash(c, hashToken(token));
    if (!inv) throw raise('invitation_not_found');
    if (inv.email.toLowerCase() !== user.email.toLowerCase()) throw raise('invitation_email_mismatch');
    const existing = await members.lockMember(c, inv.organization_id, user.id);
    if (!existing) await members.insertMember(c, inv.organization_id, user.id, inv.role);
    await store.deleteInvitationById(c, inv.id);
    return inv.organization_id;
  });
  return (await findMemberOrganization(d.db, user.id, orgId))!;
}
