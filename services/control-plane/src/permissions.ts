// The one permission table: which organization roles may perform which action. Every org- or
// project-scoped route names an action here; non-members never reach this table (they get 404).
export const ROLES = ['owner', 'admin', 'developer', 'read_only'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const BUILDERS: readonly Role[] = ['owner', 'admin', 'developer'];
const ADMINS: readonly Role[] = ['owner', 'admin'];
const OWNERS: readonly Role[] = ['owner'];

export const PERMISSIONS = {
  'org.read': ALL,
  'org.update': ADMINS,
  'org.delete': OWNERS,
  'members.read': ALL,
  'members.update': ADMINS,
  'members.remove': ADMINS,
  /** Removing yourself (leaving); the last owner still cannot. */
  'members.leave': ALL,
  'invitations.read': ADMINS,
  'invitations.create': ADMINS,
  'invitations.delete': ADMINS,
  'projects.read': ALL,
  'projects.create': BUILDERS,
  'projects.update': BUILDERS,
  'projects.pause': BUILDERS,
  'projects.resume': BUILDERS,
  'projects.delete': ADMINS,
  /** Service-role key, JWT secret, database password. read_only sees only the anon key and URLs. */
  'projects.secrets.read': BUILDERS,
  /** SQL on the project database as its owner (Studio SQL editor, table editor). */
  'projects.database.query': BUILDERS,
  /** Service settings such as config/auth (write-only secrets are never shown). */
  'projects.settings.read': BUILDERS,
  'projects.settings.update': ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLES as readonly string[]).includes(s);
}

/**
 * Whether `actor` may move a member from role `from` (null: new, by invitation) to role `to`.
 * Only owners grant or take away the owner role; admins manage admin, developer and read_only.
 */
export function canAssignRole(actor: Role, from: Role | null, to: Role | null): boolean {
  if (actor === 'owner') return true;
  if (actor !== 'admin') return false;
  return from !== 'owner' && to !== 'owner';
}
