// Projects: creation (runs the provisioner within the request and answers with the final state),
// listing and settings. Status changes live in project-lifecycle.ts.
import { projectRef } from '@powabase/core';
import { issueProjectKeys } from '@powabase/keys';
import { raise } from '../errors.ts';
import { invalidComputeFields, mergeCompute } from '../compute.ts';
import type { ComputeSettings } from '../provisioner.ts';
import type { MemberOrganization, Project, User } from '../types.ts';
import * as store from '../store/projects.ts';
import type { Deps } from './deps.ts';
import { bringUp } from './project-lifecycle.ts';
import { checkName } from './validate.ts';

export interface CreateProjectInput { name: string; compute?: Partial<ComputeSettings>; dbPassword?: string }

export const listProjects = (d: Deps, user: User) => store.listMemberProjects(d.db, user.id);

export async function createProject(d: Deps, org: MemberOrganization, input: CreateProjectInput): Promise<Project> {
  const name = checkName(input.name, 'name');
  const compute = checkCompute(mergeCompute(d.config.defaultCompute, input.compute));
  const ref = projectRef();
  const secrets = await issueProjectKeys(ref);
  if (input.dbPassword !== undefined) {
    if (input.dbPassword.length < 8) throw raise('validation_failed', 'db_pass must be at least 8 characters');
    secrets.dbPassword = input.dbPassword;
  }
  const project = await d.db.tx((c) => store.insertProject(c, { ref, orgId: org.id, name, compute, secrets }));
  return bringUp(d, project, 'create');
}

/** Name changes apply at once; compute changes are stored and applied by the provisioner on the next resume. */
export async function updateProject(d: Deps, project: Project, patch: { name?: string; compute?: Partial<ComputeSettings> }): Promise<Project> {
  return store.updateProject(d.db, project.ref, {
    name: patch.name === undefined ? undefined : checkName(patch.name, 'name'),
    compute: patch.compute ? checkCompute(mergeCompute(project.compute, patch.compute)) : undefined,
  });
}

function checkCompute(c: ComputeSettings): ComputeSettings {
  const bad = invalidComputeFields(c);
  if (bad.length) throw raise('invalid_compute', `Invalid compute ${bad.join(', ')} (e.g. cpu "400m", memory "1Gi", disk "10Gi")`);
  return c;
}
