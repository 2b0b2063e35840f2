// Members and invitations of an organization.
import { api } from '../http.ts';
import type { Invitation, Member, Organization, Role } from '../types.ts';

const org = (slug: string) => `/v1/organizations/${encodeURIComponent(slug)}`;

export const listMembers = (slug: string) => api<Member[]>(`${org(slug)}/members`);
export const updateMemberRole = (slug: string, userId: string, role: Role) =>
  api<Member>(`${org(slug)}/members/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { role } });
export const removeMember = (slug: string, userId: string) =>
  api<unknown>(`${org(slug)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });

export const listInvitations = (slug: string) => api<Invitation[]>(`${org(slug)}/invitations`);
export const createInvitation = (slug: string, input: { email: string; role: Role }) =>
  api<Invitation>(`${org(slug)}/invitations`, { method: 'POST', body: input });
export const deleteInvitation = (slug: string, id: string) =>
  api<unknown>(`${org(slug)}/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const acceptInvitation = (token: string) =>
  api<Organization>(`/v1/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST' });
