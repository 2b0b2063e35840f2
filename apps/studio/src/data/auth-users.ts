// Hooks for a project's users (GoTrue admin API with the service-role key): one per operation.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/auth-users.ts';
import { keys } from './keys.ts';
import { need, useProjectTarget } from './project-target.ts';

export function useAuthUsersQuery(ref: string, q: f.UsersPageRequest, enabled = true) {
  const t = useProjectTarget(ref);
  return useQuery({
    queryKey: keys.authUsers.page(ref, q),
    queryFn: () => f.listAuthUsers(need(t), q),
    enabled: enabled && t.state === 'ready',
    placeholderData: keepPreviousData,
  });
}

export const useAuthUsersSearchQuery = (ref: string, q: f.UsersSearchRequest, enabled = true) =>
  useQuery({
    queryKey: keys.authUsers.search(ref, q),
    queryFn: () => f.searchAuthUsers(ref, q),
    enabled: enabled && !!q.search.trim(),
    placeholderData: keepPreviousData,
  });

function useUsersMutation<V, R>(ref: string, run: (t: ReturnType<typeof need>, v: V) => Promise<R>) {
  const qc = useQueryClient();
  const t = useProjectTarget(ref);
  return useMutation({
    mutationFn: (v: V) => run(need(t), v),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.authUsers.all(ref) }),
  });
}

export const useCreateAuthUserMutation = (ref: string) => useUsersMutation(ref, f.createAuthUser);
export const useInviteAuthUserMutation = (ref: string) => useUsersMutation(ref, f.inviteAuthUser);
export const useDeleteAuthUserMutation = (ref: string) => useUsersMutation(ref, f.deleteAuthUser);
