// Domain records of the control plane (what the store returns and the domain works with).
import type { ComputeSettings } from './provisioner.ts';
import type { Role } from './permissions.ts';
import type { ProjectStatus } from './lifecycle.ts';

export interface User { id: string; email: string; created_at: string }

export interface Organization { id: string; slug: string; name: string; created_at: string }

/** An organization as seen by one member: with that member's role. */
export interface MemberOrganization extends Organization { role: Role }

export interface Member { user_id: string; email: string; role: Role; created_at: string }

export interface Invitation {
  id: string;
  organization_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: string;
  created_at: string;
}

export interface AccessTokenInfo { id: string; name: string; created_at: string; last_used_at: string | null }

export interface Project {
  ref: string;
  organization_id: string;
  organization_slug: string;
  name: string;
  status: ProjectStatus;
  compute: ComputeSettings;
  removal_pending: boolean;
  created_at: string;
  updated_at: string;
}

/** Who is calling: a platform user, signed in by session JWT or by personal access token. */
export interface Principal {
  user: User;
  via: 'session' | 'access_token';
  sessionId: string | null;
}
