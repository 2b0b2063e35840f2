// JSON schemas of the platform API: request validation, response serialisation and the OpenAPI document.
import { FIELDS as AUTH_FIELDS } from '../auth-config/fields.ts';
import { PROJECT_STATUSES } from '../lifecycle.ts';
import { ROLES } from '../permissions.ts';
import type { JsonSchema } from './route.ts';

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties), extra: JsonSchema = {}): JsonSchema => ({
  type: 'object', properties, required, ...extra,
});
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

export const role = { type: 'string', enum: [...ROLES] };
export const status = { type: 'string', enum: [...PROJECT_STATUSES] };

export const ErrorBody = obj({ message: str, code: str, details: { type: 'object', additionalProperties: true } }, ['message']);

export const User = obj({ id: str, email: str, created_at: str });

export const Session = obj({
  access_token: str, refresh_token: str, token_type: { type: 'string', enum: ['bearer'] },
  expires_in: { type: 'integer' }, expires_at: { type: 'integer' }, user: User,
});

export const AccessToken = obj({ id: str, name: str, created_at: str, last_used_at: nullableStr });
export const AccessTokenCreated = obj({ id: str, name: str, token: str, created_at: str });

export const Organization = obj({ id: str, slug: str, name: str, created_at: str, role });

export const Member = obj({
  user_id: str, user_name: str, email: str, role_name: role, mfa_enabled: { type: 'boolean' }, created_at: str,
});

const invitationProps = { id: str, email: str, role_name: role, invited_by: nullableStr, expires_at: str, created_at: str };
export const Invitation = obj(invitationProps);
export const InvitationCreated = obj({ ...invitationProps, token: str });

export const Compute = obj({ cpu: str, memory: str, disk: str });
const computeInput = obj({ cpu: str, memory: str, disk: str }, [], { additionalProperties: false });

export const Project = obj({
  id: str, ref: str, organization_id: str, organization_slug: str, name: str, region: str, status,
  created_at: str, compute: Compute, url: nullableStr,
  database: { anyOf: [{ type: 'null' }, obj({ host: str, port: { type: 'integer' } })] },
});

export const ApiKey = obj({ name: { type: 'string', enum: ['anon', 'service_role'] }, api_key: str });

export const Health = arrayOf(obj({ name: str, healthy: { type: 'boolean' }, status, error: str }, ['name', 'healthy', 'status']));

const CONNECTION_KINDS = ['psql', 'uri', 'nodejs', 'python_psycopg', 'go', 'jdbc', 'dotnet', 'php', 'sqlalchemy', 'env'];
export const Connect = obj({
  ref: str, name: str, status, url: nullableStr, anon_key: str, service_role_key: nullableStr, jwt_secret: nullableStr,
  db_url: nullableStr,
  connection_strings: { anyOf: [{ type: 'null' }, obj(Object.fromEntries(CONNECTION_KINDS.map((k) => [k, str])))] },
});

// Request bodies and parameters.
export const Credentials = obj({ email: str, password: str }, ['email', 'password']);
export const TokenBody = obj({ email: str, password: str, refresh_token: str }, []);
export const TokenQuery = obj({ grant_type: { type: 'string', enum: ['password', 'refresh_token'] } }, ['grant_type']);
export const NameBody = obj({ name: { type: 'string', minLength: 1, maxLength: 256 } });
export const RoleBody = obj({ role, role_name: role }, [], { anyOf: [{ required: ['role'] }, { required: ['role_name'] }] });
export const InvitationBody = obj({ email: str, role, role_name: role }, ['email']);
export const ProjectCreateBody = obj(
  { name: { type: 'string', minLength: 1, maxLength: 256 }, organization_id: str, compute: computeInput, db_pass: str, region: str },
  ['name', 'organization_id'],
);
export const ProjectUpdateBody = obj(
  { name: { type: 'string', minLength: 1, maxLength: 256 }, compute: computeInput }, [],
  { anyOf: [{ required: ['name'] }, { required: ['compute'] }] },
);

export const DatabaseQueryBody = obj({ query: str }, ['query']);
/** A result row: column name -> value, whatever the columns are. */
export const Row: JsonSchema = { type: 'object', additionalProperties: true };

export const params = (...names: string[]): JsonSchema => obj(Object.fromEntries(names.map((n) => [n, str])));

/** config/auth: every field nullable (null: unset, or a default that follows something unknown now). */
export const AuthConfig: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(Object.entries(AUTH_FIELDS).map(([name, f]) => [name, { type: [f.kind, 'null'] }])),
};
/** PATCH config/auth: any subset of the fields; null resets one to its default. Unknown names are refused by the domain. */
export const AuthConfigPatch: JsonSchema = {
  type: 'object',
  // smtp_port is a string as in Supabase; a number is accepted too (coerced by the validator).
  properties: Object.fromEntries(Object.entries(AUTH_FIELDS).map(([name, f]) => [name, { type: [f.kind, 'null'] }])),
  additionalProperties: true,
};
