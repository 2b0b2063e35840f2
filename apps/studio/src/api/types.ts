// Shapes of the platform API (/v1) as the Studio reads them. Written here on purpose: the Studio talks to the
// platform over HTTP only and never imports server code.
export interface User { id: string; email: string; created_at: string }

export interface Session {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  user: User;
}

export type Role = 'owner' | 'admin' | 'developer' | 'read_only';
export const ROLES: Role[] = ['owner', 'admin', 'developer', 'read_only'];

export interface Organization { id: string; slug: string; name: string; created_at: string; role: Role }

export interface Member { user_id: string; user_name: string; email: string; role_name: Role; mfa_enabled: boolean; created_at: string }

export interface Invitation {
  id: string; email: string; role_name: Role; invited_by: string | null; expires_at: string; created_at: string;
  /** Only in the answer that created it. */
  token?: string;
}

export type ProjectStatus =
  | 'COMING_UP' | 'ACTIVE_HEALTHY' | 'UNHEALTHY' | 'PAUSING' | 'PAUSED' | 'RESTORING' | 'FAILED' | 'REMOVED';

export interface Compute { cpu: string; memory: string; disk: string }

export interface Project {
  id: string; ref: string; organization_id: string; organization_slug: string; name: string; region: string;
  status: ProjectStatus; created_at: string; compute: Compute; url: string | null;
  database: { host: string; port: number } | null;
}

export interface HealthEntry { name: string; healthy: boolean; status: ProjectStatus; error?: string }

export const CONNECTION_KINDS = ['psql', 'uri', 'nodejs', 'python_psycopg', 'go', 'jdbc', 'dotnet', 'php', 'sqlalchemy', 'env'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export interface ConnectInfo {
  ref: string; name: string; status: ProjectStatus; url: string | null; anon_key: string;
  /** null for roles that may not read secrets. */
  service_role_key: string | null;
  jwt_secret: string | null;
  db_url: string | null;
  connection_strings: Record<ConnectionKind, string> | null;
}

export type Row = Record<string, unknown>;

export interface SqlErrorDetails { sqlstate: string; position?: number; line?: number; column?: number; hint?: string; detail?: string }
