// First start of `powabase start`: the owner, a default organization and project, and the CLI's access
// token. Idempotent: a second call finds and returns the same things.
import type { MemberOrganization, Project, User } from '../types.ts';
import { findUserByEmail } from '../store/users.ts';
import { listMemberOrganizations } from '../store/organizations.ts';
import { listOrgProjects } from '../store/projects.ts';
import { cliAccessToken } from './access-tokens.ts';
import { createUser } from './auth.ts';
import type { Deps } from './deps.ts';
import { createOrganization } from './organizations.ts';
import { createProject } from './projects.ts';

export interface LocalSetupInput {
  email: string;
  password: string;
  orgName: string;
  /** Name of the default project; null (or empty) creates none. */
  projectName?: string | null;
}
/** `project` is the organization's first project (null when it has none and none was asked for). */
export interface LocalSetup { user: User; accessToken: string; organization: MemberOrganization; project: Project | null }

/** The platform user with this email, created (whatever allowSignup says) when missing. */
export async function bootstrapOwner(d: Deps, input: { email: string; password: string }): Promise<User> {
  const existing = await findUserByEmail(d.db, input.email.trim());
  if (existing) return { id: existing.id, email: existing.email, created_at: existing.created_at };
  try {
    return await createUser(d, input.email, input.password, { force: true });
  } catch (e) {
    const again = (e as { code?: string }).code === 'user_already_exists' ? await findUserByEmail(d.db, input.email.trim()) : null;
    if (!again) throw e;
    return { id: again.id, email: again.email, created_at: again.created_at };
  }
}

export async function ensureLocalSetup(d: Deps, input: LocalSetupInput): Promise<LocalSetup> {
  const user = await bootstrapOwner(d, input);
  const orgs = await listMemberOrganizations(d.db, user.id);
  const organization = orgs.find((o) => o.role === 'owner') ?? orgs[0] ?? (await createOrganization(d, user, input.orgName));
  const projects = await listOrgProjects(d.db, organization.id);
  const project = projects[0] ?? (input.projectName ? await createProject(d, organization, { name: input.projectName }) : null);
  return { user, accessToken: await cliAccessToken(d, user), organization, project };
}
