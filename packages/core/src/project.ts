// What a data-plane service knows about the project it serves, and who is calling.
export interface ProjectInfo {
  ref: string;
  /** The Project URL clients use (gateway base), e.g. http://127.0.0.1:54400 */
  url: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

/** The caller, as the gateway established it from `apikey` and `Authorization: Bearer`. */
export interface AuthInfo {
  /** Role RLS runs as: the Bearer JWT's `role` claim, else the apikey's. */
  role: string;
  claims: Record<string, unknown>;
  /** The verified Bearer token (or the apikey when no Bearer was sent). */
  token: string;
  /** Which project key was presented as `apikey`. */
  keyRole: 'anon' | 'service_role';
}
