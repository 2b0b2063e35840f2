// Domain records -> the JSON shapes of the platform API (Supabase Management API conventions).
import type { Deps } from '../domain/deps.ts';
import type { HealthReport } from '../domain/project-lifecycle.ts';
import { parseDbUrl } from '../connect/connection-strings.ts';
import type { Invitation, Member, Project } from '../types.ts';

export function renderProject(d: Deps, p: Project) {
  const ep = p.status === 'REMOVED' ? null : d.provisioner.endpoints(p.ref);
  const db = ep ? parseDbUrl(ep.dbUrl) : null;
  return {
    id: p.ref, ref: p.ref, organization_id: p.organization_id, organization_slug: p.organization_slug, name: p.name,
    region: d.config.region, status: p.status, created_at: p.created_at, compute: p.compute,
    url: ep?.url ?? null, database: db ? { host: db.host, port: db.port } : null,
  };
}

export function renderMember(m: Member) {
  return { user_id: m.user_id, user_name: m.email, email: m.email, role_name: m.role, mfa_enabled: false, created_at: m.created_at };
}

export function renderInvitation(i: Invitation & { token?: string }) {
  return {
    id: i.id, email: i.email, role_name: i.role, invited_by: i.invited_by, expires_at: i.expires_at, created_at: i.created_at,
    ...(i.token ? { token: i.token } : {}),
  };
}

export function renderHealth(h: HealthReport) {
  return [{ name: 'project', healthy: h.healthy, status: h.project.status, ...(h.detail ? { error: h.detail } : {}) }];
}
