// Project lifecycle: every status change goes through the transition table as a compare-and-set, and
// provisioner calls run outside any transaction. Failures leave a status the next action can start from.
import { raise } from '../errors.ts';
import { emit, errorText } from '../events.ts';
import { canTransition, sourcesOf, type ProjectStatus } from '../lifecycle.ts';
import type { ProjectSpec } from '../provisioner.ts';
import type { Project } from '../types.ts';
import * as store from '../store/projects.ts';
import { deleteAuthConfig } from '../store/auth-configs.ts';
import { authSettingsOf } from './auth-config.ts';
import { track, type Deps } from './deps.ts';

export async function specOf(d: Deps, project: Project): Promise<ProjectSpec> {
  const secrets = await store.findSecrets(d.db, project.ref);
  if (!secrets) throw raise('internal', `Secrets of project ${project.ref} are missing`);
  return { ref: project.ref, name: project.name, secrets, compute: project.compute, auth: await authSettingsOf(d, d.db, project.ref) };
}

/** Moves `ref` to `to` if its status is one of `from` (and the table allows it); null otherwise. */
export async function move(
  d: Deps, ref: string, from: readonly ProjectStatus[], to: ProjectStatus,
): Promise<{ project: Project; previous: ProjectStatus } | null> {
  const allowed = from.filter((s) => canTransition(s, to));
  const r = await store.transitionProject(d.db, ref, allowed, to);
  if (r) emit(d.log, { event: 'project_status_changed', ref, from: r.previous, to });
  return r;
}

/** Runs create or resume for a project in COMING_UP/RESTORING; ACTIVE_HEALTHY on success, FAILED on failure. */
export async function bringUp(d: Deps, project: Project, via: 'create' | 'resume'): Promise<Project> {
  const from = project.status;
  try {
    await track(d, d.provisioner[via](await specOf(d, project)));
  } catch (e) {
    emit(d.log, { event: 'provisioner_failed', ref: project.ref, op: via, error: errorText(e) });
    await move(d, project.ref, [from], 'FAILED');
    const verb = from === 'COMING_UP' ? 'Provisioning' : 'Restoring';
    throw raise(from === 'COMING_UP' ? 'provisioning_failed' : 'provisioner_failed',
      `${verb} project ${project.ref} failed; it is now FAILED. Retry with POST /v1/projects/${project.ref}/restore or delete it.`);
  }
  return (await move(d, project.ref, [from], 'ACTIVE_HEALTHY'))?.project ?? current(d, project.ref);
}

export async function pauseProject(d: Deps, project: Project): Promise<Project> {
  if (!(await move(d, project.ref, ['ACTIVE_HEALTHY', 'UNHEALTHY'], 'PAUSING'))) throw await invalid(d, project.ref, 'pause');
  return finishPause(d, project.ref);
}

export async function finishPause(d: Deps, ref: string): Promise<Project> {
  try {
    await track(d, d.provisioner.pause(ref));
  } catch (e) {
    emit(d.log, { event: 'provisioner_failed', ref, op: 'pause', error: errorText(e) });
    await move(d, ref, ['PAUSING'], 'UNHEALTHY');
    throw raise('provisioner_failed', `Pausing project ${ref} failed; it is now UNHEALTHY. Retry the pause or restore it.`);
  }
  return (await move(d, ref, ['PAUSING'], 'PAUSED'))?.project ?? current(d, ref);
}

/** PAUSED/UNHEALTHY are resumed; FAILED (a creation or restore that broke) is finished with create. */
export async function restoreProject(d: Deps, project: Project): Promise<Project> {
  const r = await move(d, project.ref, ['PAUSED', 'UNHEALTHY', 'FAILED'], 'RESTORING');
  if (!r) throw await invalid(d, project.ref, 'restore');
  return bringUp(d, r.project, r.previous === 'FAILED' ? 'create' : 'resume');
}

/** Marks REMOVED and wipes the secrets (and the auth config with its sealed ones) in one transaction, then has the provisioner delete the data. */
export async function removeProject(d: Deps, project: Project): Promise<Project> {
  const r = await d.db.tx(async (c) => {
    const moved = await store.transitionProject(c, project.ref, sourcesOf('REMOVED'), 'REMOVED');
    if (moved) { await store.deleteSecrets(c, project.ref); await deleteAuthConfig(c, project.ref); }
    return moved;
  });
  if (!r) throw await invalid(d, project.ref, 'delete');
  emit(d.log, { event: 'project_status_changed', ref: project.ref, from: r.previous, to: 'REMOVED' });
  if (!(await finishRemoval(d, project.ref))) {
    throw raise('provisioner_failed', `Project ${project.ref} is REMOVED but deleting its data failed; it is retried on the next platform start.`);
  }
  return { ...r.project, removal_pending: false };
}

export async function finishRemoval(d: Deps, ref: string): Promise<boolean> {
  try {
    await track(d, d.provisioner.remove(ref));
  } catch (e) {
    emit(d.log, { event: 'provisioner_failed', ref, op: 'remove', error: errorText(e) });
    return false;
  }
  await store.clearRemovalPending(d.db, ref);
  return true;
}

export interface HealthReport { project: Project; healthy: boolean; detail: string | null }

/** Asks the provisioner when the project should be running, and flips ACTIVE_HEALTHY <-> UNHEALTHY. */
export async function checkHealth(d: Deps, project: Project): Promise<HealthReport> {
  if (project.status !== 'ACTIVE_HEALTHY' && project.status !== 'UNHEALTHY') {
    return { project, healthy: false, detail: `project is ${project.status}` };
  }
  const h = await track(d, d.provisioner.health(project.ref)).catch((e) => ({ healthy: false, detail: `health check failed: ${errorText(e)}` }));
  const to: ProjectStatus = h.healthy ? 'ACTIVE_HEALTHY' : 'UNHEALTHY';
  const moved = to === project.status ? null : await move(d, project.ref, [project.status], to);
  return { project: moved?.project ?? project, healthy: h.healthy, detail: h.detail ?? null };
}

async function current(d: Deps, ref: string): Promise<Project> {
  const p = await store.findProject(d.db, ref);
  if (!p) throw raise('project_not_found');
  return p;
}

async function invalid(d: Deps, ref: string, verb: string) {
  const now = await current(d, ref);
  return raise('invalid_transition', `Cannot ${verb} project ${ref} while it is ${now.status}`);
}
