// recover(): run once when the platform starts. Finishes what a crash interrupted and brings running
// projects back: COMING_UP/RESTORING are finished with create (idempotent) or marked FAILED, PAUSING is
// finished, ACTIVE_HEALTHY/UNHEALTHY are resumed, PAUSED and FAILED stay, pending removals are retried.
import { emit, errorText } from '../events.ts';
import type { ProjectStatus } from '../lifecycle.ts';
import type { Project } from '../types.ts';
import * as store from '../store/projects.ts';
import { track, type Deps } from './deps.ts';
import { bringUp, finishPause, finishRemoval, move, specOf } from './project-lifecycle.ts';

export interface RecoverEntry { ref: string; from: ProjectStatus; to: ProjectStatus; error?: string }

/** Projects one at a time: the local provisioner opens a database per project and a start should not stampede. */
export async function recover(d: Deps): Promise<RecoverEntry[]> {
  const out: RecoverEntry[] = [];
  const note = async (p: Project, run: () => Promise<unknown>) => {
    let error: string | undefined;
    try { await run(); } catch (e) { error = errorText(e); }
    const now = (await store.findProject(d.db, p.ref))!;
    out.push({ ref: p.ref, from: p.status, to: now.status, ...(error ? { error } : {}) });
    emit(d.log, { event: 'project_recovered', ref: p.ref, from: p.status, to: now.status });
  };
  for (const p of await store.listProjectsByStatus(d.db, ['COMING_UP', 'RESTORING'])) await note(p, () => bringUp(d, p, 'create'));
  for (const p of await store.listProjectsByStatus(d.db, ['PAUSING'])) await note(p, () => finishPause(d, p.ref));
  for (const p of await store.listProjectsByStatus(d.db, ['ACTIVE_HEALTHY', 'UNHEALTHY'])) await note(p, () => resumeRunning(d, p));
  for (const p of await store.listPendingRemovals(d.db)) await note(p, () => finishRemoval(d, p.ref));
  emit(d.log, { event: 'recover_done', projects: out.length, failed: out.filter((e) => e.error).length });
  return out;
}

async function resumeRunning(d: Deps, p: Project): Promise<void> {
  try {
    await track(d, d.provisioner.resume(await specOf(d, p)));
  } catch (e) {
    emit(d.log, { event: 'provisioner_failed', ref: p.ref, op: 'resume', error: errorText(e) });
    if (p.status === 'ACTIVE_HEALTHY') await move(d, p.ref, ['ACTIVE_HEALTHY'], 'UNHEALTHY');
    throw e;
  }
  if (p.status === 'UNHEALTHY') await move(d, p.ref, ['UNHEALTHY'], 'ACTIVE_HEALTHY');
}
