// Where the Studio calls a project's own API: its URL and service-role key, from the Connect data. Pages that
// manage users or files need both; read-only members and stopped projects get a reason instead.
import type { ProjectTarget } from '../api/project-http.ts';
import { useConnectQuery } from './projects.ts';

export type TargetState =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'no-secrets' }
  | { state: 'not-running' }
  | { state: 'ready'; target: ProjectTarget };

export function targetState(c: ReturnType<typeof useConnectQuery>): TargetState {
  if (c.isPending) return { state: 'loading' };
  if (c.isError) return { state: 'error', error: c.error };
  if (!c.data.service_role_key) return { state: 'no-secrets' };
  if (!c.data.url) return { state: 'not-running' };
  return { state: 'ready', target: { url: c.data.url, key: c.data.service_role_key } };
}

export function useProjectTarget(ref: string): TargetState {
  return targetState(useConnectQuery(ref));
}

/** The target, or an error a mutation can throw when the page let it run without one. */
export function need(s: TargetState): ProjectTarget {
  if (s.state !== 'ready') throw new Error('The project API is not reachable with a service-role key');
  return s.target;
}
