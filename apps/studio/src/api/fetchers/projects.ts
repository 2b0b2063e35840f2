// Projects (/v1/projects): list, get, create (answers once the project is up), settings, pause/resume, delete,
// health, and the Connect data.
import { api } from '../http.ts';
import type { Compute, ConnectInfo, HealthEntry, Project } from '../types.ts';

const path = (ref: string) => `/v1/projects/${encodeURIComponent(ref)}`;

export interface CreateProjectInput { name: string; organization_id: string; compute?: Partial<Compute> }
export interface UpdateProjectInput { name?: string; compute?: Partial<Compute> }

export const listProjects = () => api<Project[]>('/v1/projects');
export const getProject = (ref: string) => api<Project>(path(ref));
export const createProject = (input: CreateProjectInput) => api<Project>('/v1/projects', { method: 'POST', body: input });
export const updateProject = (ref: string, input: UpdateProjectInput) => api<Project>(path(ref), { method: 'PATCH', body: input });
export const pauseProject = (ref: string) => api<Project>(`${path(ref)}/pause`, { method: 'POST' });
export const restoreProject = (ref: string) => api<Project>(`${path(ref)}/restore`, { method: 'POST' });
export const deleteProject = (ref: string) => api<unknown>(path(ref), { method: 'DELETE' });
export const getProjectHealth = (ref: string) => api<HealthEntry[]>(`${path(ref)}/health`);
export const getConnect = (ref: string) => api<ConnectInfo>(`${path(ref)}/connect`);
