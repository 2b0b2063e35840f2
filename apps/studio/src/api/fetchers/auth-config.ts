// A project's auth settings through the platform (`GET/PATCH /v1/projects/{ref}/config/auth`), with the
// Supabase Management API's field names. `smtp_pass` is write-only: an answer shows at most a mask when one is
// set; the Studio sends it only when a new one is typed. `null` in a PATCH resets a field to its default.
import { api } from '../http.ts';

export interface AuthConfig {
  site_url: string | null;
  /** Redirect URLs allowed after sign-in, comma-separated. */
  uri_allow_list: string | null;
  mailer_autoconfirm: boolean;
  disable_signup: boolean;
  external_email_enabled: boolean;
  smtp_host: string | null;
  smtp_port: string | number | null;
  smtp_user: string | null;
  /** A mask (`********`) when a password is set; never the password. */
  smtp_pass?: string | null;
  smtp_admin_email: string | null;
  smtp_sender_name: string | null;
  /** Access-token lifetime, seconds. */
  jwt_exp: number | null;
  password_min_length: number | null;
}

export type AuthConfigUpdate = Partial<Omit<AuthConfig, 'smtp_port'>> & { smtp_port?: string | null; smtp_pass?: string };

const path = (ref: string) => `/v1/projects/${encodeURIComponent(ref)}/config/auth`;

export const getAuthConfig = (ref: string) => api<AuthConfig>(path(ref));
export const updateAuthConfig = (ref: string, changes: AuthConfigUpdate) => api<AuthConfig>(path(ref), { method: 'PATCH', body: changes });
