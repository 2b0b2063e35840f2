// The control plane's one error registry, grouped by stage; the HTTP layer renders `{ message, code }`
// with the status decided here. Retired codes are never reused.
import { errorRegistry } from '@powabase/core';

export const cpErrors = errorRegistry({
  // request: parsing and validation
  invalid_json: { status: 400, message: 'Request body is not valid JSON' },
  validation_failed: { status: 400, message: 'Request is invalid' },
  body_too_large: { status: 413, message: 'Request body is too large' },
  unsupported_media_type: { status: 415, message: 'Unsupported content type' },
  route_not_found: { status: 404, message: 'Not found' },

  // auth: platform users, sessions, access tokens
  unauthorized: { status: 401, message: 'Missing or invalid access token' },
  invalid_credentials: { status: 400, message: 'Invalid login credentials' },
  invalid_refresh_token: { status: 400, message: 'Invalid refresh token' },
  unsupported_grant_type: { status: 400, message: 'grant_type must be password or refresh_token' },
  signup_disabled: { status: 422, message: 'Signups not allowed for this instance' },
  user_already_exists: { status: 422, message: 'User already registered' },
  weak_password: { status: 422, message: 'Password is too short' },
  invalid_email: { status: 400, message: 'Email address is invalid' },
  access_token_not_found: { status: 404, message: 'Access token not found' },

  // access: organizations, members, invitations, permissions
  organization_not_found: { status: 404, message: 'Organization not found' },
  project_not_found: { status: 404, message: 'Project not found' },
  member_not_found: { status: 404, message: 'Member not found' },
  invitation_not_found: { status: 404, message: 'Invitation not found' },
  forbidden: { status: 403, message: 'Your role does not allow this' },
  role_not_assignable: { status: 403, message: 'Your role cannot grant or change this role' },
  invitation_email_mismatch: { status: 403, message: 'This invitation was sent to another email address' },
  already_member: { status: 409, message: 'User is already a member of this organization' },
  last_owner: { status: 409, message: 'An organization must keep at least one owner' },
  organization_has_projects: { status: 409, message: 'Delete the organization\'s projects first' },

  // lifecycle: project status transitions and the provisioner
  invalid_transition: { status: 409, message: 'The project\'s status does not allow this' },
  invalid_compute: { status: 400, message: 'Compute settings are invalid' },
  provisioning_failed: { status: 502, message: 'Project provisioning failed' },
  provisioner_failed: { status: 502, message: 'The provisioner failed' },

  // database: SQL run on a project's database (database/query)
  project_not_running: { status: 409, message: 'The project is not running' },
  database_unavailable: { status: 502, message: 'The project database could not be reached' },
  sql_failed: { status: 400, message: 'The SQL failed' },

  // settings: per-project service configuration (config/auth)
  invalid_auth_config: { status: 400, message: 'The auth config is invalid' },

  internal: { status: 500, message: 'Internal error' },
});

export type CpErrorCode = keyof typeof cpErrors.table;
export const raise = cpErrors.raise;
