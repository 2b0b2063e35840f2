// The auth service's one error registry: GoTrue's error codes with their HTTP status and default message,
// grouped by stage. Rendered by http/render-error.ts in GoTrue's versioned or legacy shape.
import { errorRegistry, PowabaseError } from '@powabase/core';

export const authErrors = errorRegistry({
  // request parsing
  validation_failed: { status: 400, message: 'Validation failed' },
  bad_json: { status: 400, message: 'Could not parse request body as JSON' },
  request_entity_too_large: { status: 413, message: 'Request body too large' },
  // caller (JWT) stage
  no_authorization: { status: 401, message: 'This endpoint requires a valid Bearer token' },
  bad_jwt: { status: 403, message: 'invalid JWT: unable to parse or verify signature' },
  not_admin: { status: 403, message: 'User not allowed' },
  unexpected_audience: { status: 403, message: "Token audience doesn't match request audience" },
  user_not_found: { status: 404, message: 'User not found' },
  session_not_found: { status: 403, message: 'Session from session_id claim in JWT does not exist' },
  user_banned: { status: 403, message: 'User is banned' },
  // feature switches
  signup_disabled: { status: 422, message: 'Signups not allowed for this instance' },
  email_provider_disabled: { status: 422, message: 'Email signups are disabled' },
  phone_provider_disabled: { status: 422, message: 'Phone signups are disabled' },
  anonymous_provider_disabled: { status: 422, message: 'Anonymous sign-ins are disabled' },
  provider_disabled: { status: 400, message: 'Unsupported provider: provider is not enabled' },
  manual_linking_disabled: { status: 404, message: 'Manual linking is disabled' },
  otp_disabled: { status: 422, message: 'Signups not allowed for otp' },
  // credentials and users
  invalid_credentials: { status: 400, message: 'Invalid login credentials' },
  email_not_confirmed: { status: 400, message: 'Email not confirmed' },
  phone_not_confirmed: { status: 400, message: 'Phone not confirmed' },
  weak_password: { status: 422, message: 'Password is too weak' },
  same_password: { status: 422, message: 'New password should be different from the old password.' },
  email_exists: { status: 422, message: 'A user with this email address has already been registered' },
  phone_exists: { status: 422, message: 'A user with this phone number has already been registered' },
  user_already_exists: { status: 422, message: 'User already registered' },
  email_address_invalid: { status: 400, message: 'Unable to validate email address: invalid format' },
  reauthentication_needed: { status: 400, message: 'Password update requires reauthentication' },
  reauthentication_not_valid: { status: 400, message: 'Requested nonce is invalid' },
  conflict: { status: 409, message: 'Conflict' },
  // tokens and sessions
  refresh_token_not_found: { status: 400, message: 'Invalid Refresh Token: Refresh Token Not Found' },
  refresh_token_already_used: { status: 400, message: 'Invalid Refresh Token: Already Used' },
  session_expired: { status: 400, message: 'Invalid Refresh Token: Session Expired' },
  otp_expired: { status: 403, message: 'Token has expired or is invalid' },
  flow_state_not_found: { status: 404, message: 'invalid flow state, no valid flow state found' },
  flow_state_expired: { status: 422, message: 'invalid flow state, flow state has expired' },
  bad_code_verifier: { status: 400, message: 'code challenge does not match previously saved code verifier' },
  // identities
  identity_already_exists: { status: 422, message: 'Identity is already linked' },
  identity_not_found: { status: 422, message: "Identity doesn't exist" },
  single_identity_not_deletable: { status: 422, message: 'User must have at least 1 identity after unlinking' },
  email_conflict_identity_not_deletable: { status: 422, message: 'Unable to unlink identity due to email conflict' },
  // OAuth providers
  bad_oauth_state: { status: 400, message: 'OAuth state parameter is invalid' },
  bad_oauth_callback: { status: 400, message: 'OAuth callback with missing authorization code' },
  oauth_provider_not_supported: { status: 400, message: 'Unsupported provider' },
  provider_email_needs_verification: { status: 400, message: 'Unverified email with provider' },
  // MFA
  mfa_factor_not_found: { status: 404, message: 'Factor not found' },
  mfa_factor_name_conflict: { status: 422, message: 'A factor with the friendly name already exists' },
  too_many_enrolled_mfa_factors: { status: 422, message: 'Maximum number of verified factors reached, unenroll to continue' },
  mfa_challenge_expired: { status: 422, message: 'MFA challenge has expired, verify against another challenge or create a new challenge.' },
  mfa_verification_failed: { status: 422, message: 'Invalid TOTP code entered' },
  mfa_ip_address_mismatch: { status: 422, message: 'Challenge and verify IP addresses mismatch.' },
  mfa_totp_enroll_not_enabled: { status: 422, message: 'MFA enroll is disabled for TOTP' },
  mfa_totp_verify_not_enabled: { status: 422, message: 'MFA verification is disabled for TOTP' },
  mfa_phone_enroll_not_enabled: { status: 422, message: 'MFA enroll is disabled for Phone' },
  mfa_webauthn_enroll_not_enabled: { status: 422, message: 'MFA enroll is disabled for WebAuthn' },
  insufficient_aal: { status: 401, message: 'AAL2 session is required to update email or password when MFA is enabled.' },
  // rate limits
  over_request_rate_limit: { status: 429, message: 'Request rate limit reached' },
  over_email_send_rate_limit: { status: 429, message: 'email rate limit exceeded' },
  // OAuth2-style error bodies ({error, error_description}), always 400
  oauth_error: { status: 400, message: 'invalid_request' },
  // anything else
  unexpected_failure: { status: 500, message: 'Unexpected failure, please check server logs for more information' },
});

export type AuthErrorCode = keyof typeof authErrors.table;

/** An error from the registry, optionally with another status than the registry's (GoTrue reuses codes). */
export function authError(code: AuthErrorCode, message?: string, opts: { status?: number; details?: Record<string, unknown> } = {}): PowabaseError {
  const e = authErrors.table[code];
  return new PowabaseError(code, message ?? e.message, { status: opts.status ?? e.status, details: opts.details });
}

export const weakPassword = (message: string, reasons: string[]): PowabaseError =>
  authError('weak_password', message, { details: { weak_password: { reasons } } });

export const oauthError = (error: string, description: string): PowabaseError =>
  authError('oauth_error', description, { details: { oauth: { error, error_description: description } } });

export const validation = (message: string, status?: number): PowabaseError => authError('validation_failed', message, { status });
