// Organizations: any signed-in user may create one and becomes its owner.
import { randomInt } from 'node:crypto';
import { slugify, uuid } from '@powabase/core';
import { raise } from '../errors.ts';
import { emit } from '../events.ts';
import type { MemberOrganization, Organization, User } from '../types.ts';
import { insertMember } from '../store/members.ts';
import * as store from '../store/organizations.ts';
import { isUniqueViolation } from '../store/sql.ts';
import type { Deps } from './deps.ts';
import { checkName } from './validate.ts';

export const listOrganizations = (d: Deps, user: User) => store.listMemberOrganizations(d.db, user.id);

export async function createOrganization(d: Deps, user: User, name: string): Promise<MemberOrganization> {
  const clean = checkName(name, 'name');
  const base = slugify(clean);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomSuffix()}`;
    try {
      const org = await d.db.tx(async (c) => {
        if (await store.slugTaken(c, slug)) return null;
        const o = await store.insertOrganization(c, { id: uuid(), slug, name: clean });
        await insertMember(c, o.id, user.id, 'owner');
        return o;
      });
      if (!org) continue;
      emit(d.log, { event: 'organization_created', slug, user_id: user.id });
      return { ...org, role: 'owner' };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw raise('internal', 'Could not pick a unique organization slug');
}

export async function updateOrganization(d: Deps, org: MemberOrganization, name: string): Promise<MemberOrganization> {
  const updated = await store.updateOrganization(d.db, org.id, checkName(name, 'name'));
  return { ...updated, role: org.role };
}

/** Deletes an organization that holds no projects (removed ones whose data is gone do not count). */
export async function deleteOrganization(d: Deps, org: Organization): Promise<Organization> {
  await d.db.tx(async (c) => {
    if ((await store.countLiveProjects(c, org.id)) > 0) throw raise('organization_has_projects');
    await store.deleteOrganization(c, org.id);
  });
  return org;
}

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)];
  return s;
}
