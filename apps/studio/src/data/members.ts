// Hooks for members and invitations of an organization: one per operation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/members.ts';
import type { Role } from '../api/types.ts';
import { keys } from './keys.ts';

export const useMembersQuery = (slug: string) =>
  useQuery({ queryKey: keys.organizations.members(slug), queryFn: () => f.listMembers(slug) });

export const useInvitationsQuery = (slug: string, enabled: boolean) =>
  useQuery({ queryKey: keys.organizations.invitations(slug), queryFn: () => f.listInvitations(slug), enabled });

export function useUpdateMemberRoleMutation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { userId: string; role: Role }) => f.updateMemberRole(slug, v.userId, v.role),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.members(slug) }),
  });
}

export function useRemoveMemberMutation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => f.removeMember(slug, userId),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.members(slug) }),
  });
}

export function useCreateInvitationMutation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { email: string; role: Role }) => f.createInvitation(slug, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.invitations(slug) }),
  });
}

export function useDeleteInvitationMutation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => f.deleteInvitation(slug, id),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.invitations(slug) }),
  });
}

export function useAcceptInvitationMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: f.acceptInvitation,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.all() }),
  });
}
