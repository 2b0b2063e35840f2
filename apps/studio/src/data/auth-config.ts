// Hooks for a project's auth settings (site URL, redirect URLs, sign-ups, email provider, SMTP, sessions).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/auth-config.ts';
import { keys } from './keys.ts';

export const useAuthConfigQuery = (ref: string) =>
  useQuery({ queryKey: keys.projects.authConfig(ref), queryFn: () => f.getAuthConfig(ref) });

export function useUpdateAuthConfigMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (changes: f.AuthConfigUpdate) => f.updateAuthConfig(ref, changes),
    // The answer is the saved config; without one (an empty answer), read it again.
    onSuccess: (next) => (next ? qc.setQueryData(keys.projects.authConfig(ref), next) : qc.invalidateQueries({ queryKey: keys.projects.authConfig(ref) })),
  });
}

/** The settings form's fields: text as typed, redirect URLs one a line, sign-ups as "allowed". */
export interface AuthFormValues {
  site_url: string; redirects: string; allow_signup: boolean; mailer_autoconfirm: boolean; external_email_enabled: boolean;
  smtp_host: string; smtp_port: string; smtp_user: string; smtp_pass: string; smtp_admin_email: string; smtp_sender_name: string;
  jwt_exp: string; password_min_length: string;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (s: string) => (s.trim() ? Number(s) : null);
/** An emptied text field resets the setting (null), rather than storing an empty string. */
const str = (s: string) => s.trim() || null;

export function authFormOf(c: f.AuthConfig): AuthFormValues {
  return {
    site_url: text(c.site_url),
    redirects: text(c.uri_allow_list).split(',').map((s) => s.trim()).filter(Boolean).join('\n'),
    allow_signup: !c.disable_signup, mailer_autoconfirm: !!c.mailer_autoconfirm, external_email_enabled: !!c.external_email_enabled,
    smtp_host: text(c.smtp_host), smtp_port: text(c.smtp_port), smtp_user: text(c.smtp_user), smtp_pass: '',
    smtp_admin_email: text(c.smtp_admin_email), smtp_sender_name: text(c.smtp_sender_name),
    jwt_exp: text(c.jwt_exp), password_min_length: text(c.password_min_length),
  };
}

/** Every field in the Management API's names (the SMTP password aside). */
function bodyOf(v: AuthFormValues): f.AuthConfigUpdate {
  return {
    site_url: str(v.site_url),
    uri_allow_list: v.redirects.split(/[\n,]/).map((s) => s.trim()).filter(Boolean).join(','),
    disable_signup: !v.allow_signup, mailer_autoconfirm: v.mailer_autoconfirm, external_email_enabled: v.external_email_enabled,
    smtp_host: str(v.smtp_host), smtp_port: str(v.smtp_port), smtp_user: str(v.smtp_user),
    smtp_admin_email: str(v.smtp_admin_email), smtp_sender_name: str(v.smtp_sender_name),
    jwt_exp: num(v.jwt_exp), password_min_length: num(v.password_min_length),
  };
}

/** The PATCH body: only what differs from the loaded values; `smtp_pass` only when one was typed. */
export function authConfigChanges(before: AuthFormValues, now: AuthFormValues): f.AuthConfigUpdate {
  const [was, is] = [bodyOf(before), bodyOf(now)] as Array<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(is)) if (JSON.stringify(is[k]) !== JSON.stringify(was[k])) out[k] = is[k];
  if (now.smtp_pass) out.smtp_pass = now.smtp_pass;
  return out as f.AuthConfigUpdate;
}
