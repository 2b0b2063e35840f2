// Organizations (/v1/organizations): list, get, create, rename, delete.
import { api } from '../http.ts';
import type { Organization } from '../types.ts';

const path = (slug: string) => `/v1/organizations/${encodeURIComponent(slug)}`;

export const listOrganizations = () => api<Organization[]>('/v1/organizations');
export const getOrganization = (slug: string) => api<Organization>(path(slug));
export const createOrganization = (input: { name: string }) => api<Organization>('/v1/organizations', { method: 'POST', body: input });
export const updateOrganization = (slug: string, input: { name: string }) => api<Organization>(path(slug), { method: 'PATCH', body: input });
export const deleteOrganization = (slug: string) => api<unknown>(path(slug), { method: 'DELETE' });
