// Hooks for projects: one per operation. Lists poll while a project is changing status, so the Studio
// shows live progress (COMING_UP -> ACTIVE_HEALTHY) while a create, pause or restore request is running.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/projects.ts';
import type { Project, ProjectStatus } from '../api/types.ts';
import { keys } from './keys.ts';

export const TRANSITIONAL: ProjectStatus[] = ['COMING_UP', 'PAUSING', 'RESTORING'];
const POLL_MS = 1000;

const changing = (ps: Project[] | Project | undefined) => ([] as Project[]).concat(ps ?? []).some((p) => TRANSITIONAL.includes(p.status));

export const useProjectsQuery = (opts: { poll?: boolean } = {}) =>
  useQuery({
    queryKey: keys.projects.all(),
    queryFn: f.listProjects,
    refetchInterval: (q) => (opts.poll || changing(q.state.data) ? POLL_MS : false),
  });

export const useProjectQuery = (ref: string, opts: { poll?: boolean } = {}) =>
  useQuery({
    queryKey: keys.projects.detail(ref),
    queryFn: () => f.getProject(ref),
    refetchInterval: (q) => (opts.poll || changing(q.state.data) ? POLL_MS : false),
  });

export const useProjectHealthQuery = (ref: string, enabled = true) =>
  useQuery({ queryKey: keys.projects.health(ref), queryFn: () => f.getProjectHealth(ref), enabled });

export const useConnectQuery = (ref: string, enabled = true) =>
  useQuery({ queryKey: keys.projects.connect(ref), queryFn: () => f.getConnect(ref), enabled });

function settled(qc: QueryClient, p?: Project) {
  if (p) qc.setQueryData(keys.projects.detail(p.ref), p);
  return qc.invalidateQueries({ queryKey: keys.projects.all() });
}

export function useCreateProjectMutation() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: f.createProject, onSettled: (p) => settled(qc, p) });
}

export function useUpdateProjectMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: f.UpdateProjectInput) => f.updateProject(ref, input), onSettled: (p) => settled(qc, p) });
}

export function usePauseProjectMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => f.pauseProject(ref), onSettled: (p) => settled(qc, p) });
}

export function useRestoreProjectMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => f.restoreProject(ref), onSettled: (p) => settled(qc, p) });
}

export function useDeleteProjectMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => f.deleteProject(ref),
    // Marked removed rather than dropped: pages still showing it render until they navigate away.
    onSuccess: () => { qc.setQueryData<Project>(keys.projects.detail(ref), (p) => p && { ...p, status: 'REMOVED' }); },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.projects.all() }),
  });
}
