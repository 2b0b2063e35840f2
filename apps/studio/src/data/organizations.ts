// Hooks for organizations: one per operation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/organizations.ts';
import { keys } from './keys.ts';

export const useOrganizationsQuery = () => useQuery({ queryKey: keys.organizations.all(), queryFn: f.listOrganizations });

export const useOrganizationQuery = (slug: string) =>
  useQuery({ queryKey: keys.organizations.detail(slug), queryFn: () => f.getOrganization(slug), enabled: !!slug });

export function useCreateOrganizationMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: f.createOrganization,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.all() }),
  });
}

export function useUpdateOrganizationMutation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => f.updateOrganization(slug, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.all() }),
  });
}

export function useDeleteOrganizationMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: f.deleteOrganization,
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.organizations.all() }),
  });
}
