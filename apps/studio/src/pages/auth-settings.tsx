// Authentication → Settings: site URL, redirect URLs, sign-ups, auto-confirm, the email provider, SMTP and
// session/password rules, read from and saved to the platform (`/v1/projects/{ref}/config/auth`). Only the
// fields that changed are sent; the SMTP password is write-only (never shown, sent only when typed).
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { AuthConfig } from '../api/fetchers/auth-config.ts';
import {
  authConfigChanges, authFormOf, useAuthConfigQuery, useUpdateAuthConfigMutation, type AuthFormValues,
} from '../data/auth-config.ts';
import { Button, CheckField, ErrorBox, Field, Loading } from '../components/ui.tsx';

export function AuthSettingsPage() {
  const { ref = '' } = useParams();
  const config = useAuthConfigQuery(ref);
  if (config.isPending) return <Loading what="auth settings" />;
  if (config.isError) return <ErrorBox error={config.error} title="The auth settings could not be read" />;
  return <SettingsForm projectRef={ref} config={config.data} />;
}

function SettingsForm({ projectRef, config }: { projectRef: string; config: AuthConfig }) {
  const [initial, setInitial] = useState(() => authFormOf(config));
  const [v, setV] = useState(initial);
  const save = useUpdateAuthConfigMutation(projectRef);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof AuthFormValues>(k: K, value: AuthFormValues[K]) => { setSaved(false); setV((s) => ({ ...s, [k]: value })); };
  const changes = authConfigChanges(initial, v);
  const dirty = Object.keys(changes).length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    save.mutate(changes, {
      onSuccess: (next) => { const now = next ? authFormOf(next) : { ...v, smtp_pass: '' }; setInitial(now); setV(now); setSaved(true); },
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Auth settings">
      <section className="section" aria-labelledby="auth-urls">
        <h2 id="auth-urls">URL configuration</h2>
        <Field label="Site URL" type="url" value={v.site_url} onChange={(e) => set('site_url', e.target.value)}
          hint="Where confirmation and magic-link mails send users by default." />
        <div className="field">
          <label htmlFor="redirect-urls">Redirect URLs</label>
          <textarea id="redirect-urls" rows={4} value={v.redirects} onChange={(e) => set('redirects', e.target.value)} aria-describedby="redirect-urls-hint"
            placeholder="https://example.com/**" spellCheck={false} />
          <div id="redirect-urls-hint" className="field-hint">One a line: the URLs auth may send users back to (wildcards allowed).</div>
        </div>
      </section>
      <section className="section" aria-labelledby="auth-signups">
        <h2 id="auth-signups">Sign-ups and providers</h2>
        <CheckField label="Allow new users to sign up" checked={v.allow_signup} onChange={(e) => set('allow_signup', e.target.checked)}
          hint="Off: only the admin API (and invitations) create users." />
        <CheckField label="Auto-confirm new users" checked={v.mailer_autoconfirm} onChange={(e) => set('mailer_autoconfirm', e.target.checked)}
          hint="On: users can sign in without confirming their email address." />
        <CheckField label="Email provider enabled" checked={v.external_email_enabled} onChange={(e) => set('external_email_enabled', e.target.checked)}
          hint="Sign-up and sign-in with email and password." />
        <div className="form-grid">
          <Field label="Access token lifetime (seconds)" type="number" min={30} value={v.jwt_exp} onChange={(e) => set('jwt_exp', e.target.value)} />
          <Field label="Minimum password length" type="number" min={6} value={v.password_min_length} onChange={(e) => set('password_min_length', e.target.value)} />
        </div>
      </section>
      <section className="section" aria-labelledby="auth-smtp">
        <h2 id="auth-smtp">SMTP</h2>
        <p className="muted">Without an SMTP host, the project's mail goes to the platform's local inbox (Authentication → Inbox).</p>
        <div className="form-grid">
          <Field label="SMTP host" value={v.smtp_host} onChange={(e) => set('smtp_host', e.target.value)} autoComplete="off" />
          <Field label="SMTP port" type="number" value={v.smtp_port} onChange={(e) => set('smtp_port', e.target.value)} />
          <Field label="SMTP user" value={v.smtp_user} onChange={(e) => set('smtp_user', e.target.value)} autoComplete="off" />
          <Field label="SMTP password" type="password" value={v.smtp_pass} onChange={(e) => set('smtp_pass', e.target.value)} autoComplete="new-password"
            placeholder={config.smtp_pass ? 'Set (hidden)' : 'Not set'}
            hint="Write-only: it is never shown; type a new one to replace it." />
          <Field label="Sender email" type="email" value={v.smtp_admin_email} onChange={(e) => set('smtp_admin_email', e.target.value)} />
          <Field label="Sender name" value={v.smtp_sender_name} onChange={(e) => set('smtp_sender_name', e.target.value)} />
        </div>
      </section>
      <ErrorBox error={save.error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={!dirty || save.isPending}>{save.isPending ? 'Saving…' : 'Save settings'}</button>
        <Button onClick={() => { setV(initial); setSaved(false); }} disabled={!dirty}>Discard changes</Button>
        {saved && !dirty && <span role="status" className="muted">Saved.</span>}
      </div>
    </form>
  );
}
