// A project's keys and Connect data. Roles without `projects.secrets.read` get the anon key and URLs only:
// no service-role key, JWT secret or database password (shown as a placeholder in connection strings).
import { buildConnectionStrings, buildUri, parseDbUrl, PASSWORD_PLACEHOLDER, type ConnectionStrings } from '../connect/connection-strings.ts';
import { raise } from '../errors.ts';
import { can, type Role } from '../permissions.ts';
import type { Project } from '../types.ts';
import { findSecrets } from '../store/projects.ts';
import type { Deps } from './deps.ts';

export interface ApiKey { name: 'anon' | 'service_role'; api_key: string }

export interface ConnectInfo {
  ref: string;
  name: string;
  status: string;
  url: string | null;
  anon_key: string;
  service_role_key: string | null;
  jwt_secret: string | null;
  db_url: string | null;
  connection_strings: ConnectionStrings | null;
}

async function secretsOf(d: Deps, ref: string) {
  const s = await findSecrets(d.db, ref);
  if (!s) throw raise('project_not_found');
  return s;
}

export async function apiKeys(d: Deps, project: Project, role: Role): Promise<ApiKey[]> {
  const s = await secretsOf(d, project.ref);
  const keys: ApiKey[] = [{ name: 'anon', api_key: s.anonKey }];
  if (can(role, 'projects.secrets.read')) keys.push({ name: 'service_role', api_key: s.serviceRoleKey });
  return keys;
}

export async function connectInfo(d: Deps, project: Project, role: Role): Promise<ConnectInfo> {
  const s = await secretsOf(d, project.ref);
  const secret = can(role, 'projects.secrets.read');
  const ep = d.provisioner.endpoints(project.ref);
  const parts = ep ? parseDbUrl(ep.dbUrl, s.dbPassword) : null;
  if (parts && !secret) parts.password = PASSWORD_PLACEHOLDER;
  return {
    ref: project.ref,
    name: project.name,
    status: project.status,
    url: ep?.url ?? null,
    anon_key: s.anonKey,
    service_role_key: secret ? s.serviceRoleKey : null,
    jwt_secret: secret ? s.jwtSecret : null,
    db_url: parts ? buildUri(parts) : null,
    connection_strings: parts && ep ? buildConnectionStrings(parts, ep.url, s.anonKey, secret ? s.serviceRoleKey : null) : null,
  };
}
