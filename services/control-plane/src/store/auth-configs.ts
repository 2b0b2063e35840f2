// A project's stored auth config fields (secrets sealed): one jsonb row per project, read-modify-write under a row lock.
import type { StoredFields } from '../auth-config/fields.ts';
import type { Queryable } from './sql.ts';

export async function findAuthConfig(q: Queryable, ref: string): Promise<StoredFields> {
  const { rows } = await q.query('select settings from platform.project_auth_config where ref = $1', [ref]);
  return (rows[0]?.settings ?? {}) as StoredFields;
}

/** The stored fields with the row locked until the transaction ends (the row is made when missing). */
export async function lockAuthConfig(q: Queryable, ref: string): Promise<StoredFields> {
  await q.query('insert into platform.project_auth_config (ref) values ($1) on conflict (ref) do nothing', [ref]);
  const { rows } = await q.query('select settings from platform.project_auth_config where ref = $1 for update', [ref]);
  return (rows[0]?.settings ?? {}) as StoredFields;
}

export async function saveAuthConfig(q: Queryable, ref: string, fields: StoredFields): Promise<void> {
  await q.query('update platform.project_auth_config set settings = $2::jsonb, updated_at = now() where ref = $1', [ref, JSON.stringify(fields)]);
}

export async function deleteAuthConfig(q: Queryable, ref: string): Promise<void> {
  await q.query('delete from platform.project_auth_config where ref = $1', [ref]);
}
