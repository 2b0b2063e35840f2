// Project statuses and the transition table every status change goes through (compare-and-set in SQL).
export const PROJECT_STATUSES = [
  'COMING_UP', 'ACTIVE_HEALTHY', 'UNHEALTHY', 'PAUSING', 'PAUSED', 'RESTORING', 'REMOVED', 'FAILED',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  COMING_UP: ['ACTIVE_HEALTHY', 'FAILED'],
  ACTIVE_HEALTHY: ['UNHEALTHY', 'PAUSING', 'REMOVED'],
  UNHEALTHY: ['ACTIVE_HEALTHY', 'PAUSING', 'RESTORING', 'REMOVED'],
  PAUSING: ['PAUSED', 'UNHEALTHY'],
  PAUSED: ['RESTORING', 'REMOVED'],
  RESTORING: ['ACTIVE_HEALTHY', 'FAILED'],
  FAILED: ['RESTORING', 'REMOVED'],
  REMOVED: [],
};

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which a project may move to `to`. */
export function sourcesOf(to: ProjectStatus): ProjectStatus[] {
  return PROJECT_STATUSES.filter((s) => TRANSITIONS[s].includes(to));
}

/** Statuses a platform start leaves alone or must finish (see recover()). */
export const IN_FLIGHT: readonly ProjectStatus[] = ['COMING_UP', 'RESTORING', 'PAUSING'];
export const RUNNING: readonly ProjectStatus[] = ['ACTIVE_HEALTHY', 'UNHEALTHY'];
