// A project's users through its GoTrue admin API (/auth/v1/admin/*, /auth/v1/invite, service-role key):
// pages with X-Total-Count, create, invite, delete. Search runs as SQL over auth.users through the platform's
// query route, because the admin list has no filter yet (GoTrue's `filter` parameter is not implemented).
import { projectApi, projectFetch, type ProjectTarget } from '../project-http.ts';
import type { AuthUser, AuthUsersPage } from '../project-types.ts';
import { runQuery } from './database.ts';
import { literal } from './tables.ts';

/** Answers in GoTrue's current error shape ({code, message}). */
const GOTRUE = { 'x-supabase-api-version': '2024-01-01' };

export interface UsersPageRequest { page: number; perPage: number }
export interface UsersSearchRequest extends UsersPageRequest { search: string }

export async function listAuthUsers(t: ProjectTarget, q: UsersPageRequest): Promise<AuthUsersPage> {
  const r = await projectFetch(t, '/auth/v1/admin/users', { query: { page: q.page, per_page: q.perPage }, headers: GOTRUE });
  const body = (await r.json()) as { users: AuthUser[] };
  const total = Number(r.headers.get('x-total-count'));
  return { users: body.users, total: Number.isFinite(total) ? total : body.users.length };
}

/** Users whose email, phone or id contains `search` (case-insensitive), newest first, a page at a time. */
export async function searchAuthUsers(ref: string, q: UsersSearchRequest): Promise<AuthUsersPage> {
  const term = literal(q.search.trim().toLowerCase());
  const where = `where strpos(lower(coalesce(email, '')), ${term}) > 0 or strpos(coalesce(phone, ''), ${term}) > 0 or strpos(id::text, ${term}) > 0`;
  const offset = Math.max(0, q.page - 1) * q.perPage;
  const [count] = await runQuery<{ total: number }>(ref, `select count(*)::int as total from auth.users ${where}`);
  const users = await runQuery<AuthUser>(ref, `select id, coalesce(email, '') as email, coalesce(phone, '') as phone, created_at,
      last_sign_in_at, email_confirmed_at, confirmed_at, invited_at, confirmation_sent_at, banned_until, is_anonymous,
      coalesce(raw_app_meta_data, '{}'::jsonb) as app_metadata
    from auth.users ${where} order by created_at desc, id limit ${Math.floor(q.perPage)} offset ${Math.floor(offset)}`);
  return { users, total: count?.total ?? 0 };
}

export interface CreateAuthUserInput { email: string; password: string; autoConfirm: boolean }

export const createAuthUser = (t: ProjectTarget, i: CreateAuthUserInput) =>
  projectApi<AuthUser>(t, '/auth/v1/admin/users', {
    method: 'POST', headers: GOTRUE, body: { email: i.email, password: i.password, email_confirm: i.autoConfirm },
  });

/** Mails the address an invitation link; the user appears at once, unconfirmed, with `invited_at`. */
export const inviteAuthUser = (t: ProjectTarget, i: { email: string }) =>
  projectApi<AuthUser>(t, '/auth/v1/invite', { method: 'POST', headers: GOTRUE, body: { email: i.email } });

export const deleteAuthUser = (t: ProjectTarget, id: string) =>
  projectApi<unknown>(t, `/auth/v1/admin/users/${encodeURIComponent(id)}`, { method: 'DELETE', headers: GOTRUE });
