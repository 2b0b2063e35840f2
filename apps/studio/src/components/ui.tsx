// Small building blocks shared by the pages: buttons, fields, status badges, copy and secret fields, errors.
import { useId, useState, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api/http.ts';
import type { ProjectStatus } from '../api/types.ts';

type Variant = 'default' | 'primary' | 'danger';
export function Button({ variant = 'default', small, className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; small?: boolean }) {
  const cls = ['btn', variant !== 'default' && `btn-${variant}`, small && 'btn-small', className].filter(Boolean).join(' ');
  return <button type="button" className={cls} {...rest} />;
}

export function Field({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? hintId : undefined} {...input} />
      {hint && <div id={hintId} className="field-hint">{hint}</div>}
    </div>
  );
}

export const Spinner = ({ label }: { label?: string }) => <span className="spinner" role="status" aria-label={label ?? 'Loading'} />;

export function Loading({ what }: { what: string }) {
  return <div className="row muted"><Spinner label={`Loading ${what}`} /> Loading {what}…</div>;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return <div className="error" role="alert">{title ? `${title}: ` : ''}{errorMessage(error)}</div>;
}

const STATUS_TEXT: Record<ProjectStatus, string> = {
  COMING_UP: 'Coming up', ACTIVE_HEALTHY: 'Healthy', UNHEALTHY: 'Unhealthy', PAUSING: 'Pausing', PAUSED: 'Paused',
  RESTORING: 'Restoring', FAILED: 'Failed', REMOVED: 'Removed',
};
const STATUS_KIND: Record<ProjectStatus, string> = {
  COMING_UP: 'busy', ACTIVE_HEALTHY: 'ok', UNHEALTHY: 'bad', PAUSING: 'busy', PAUSED: '', RESTORING: 'busy', FAILED: 'bad', REMOVED: 'bad',
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <span className={`badge ${STATUS_KIND[status]}`} data-status={status}>
      <span className="dot" aria-hidden="true" />{STATUS_TEXT[status]}
    </span>
  );
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const t = document.createElement('textarea');
    t.value = text;
    t.setAttribute('readonly', '');
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.appendChild(t);
    t.select();
    document.execCommand('copy');
    t.remove();
  }
}

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button small aria-label={`Copy ${label}`} onClick={async () => {
      await writeClipboard(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }}>
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

/** A read-only value with a copy button; `secret` masks it behind a reveal toggle. */
export function ValueField({ label, value, secret, hint }: { label: string; value: string | null; secret?: boolean; hint?: ReactNode }) {
  const id = useId();
  const [shown, setShown] = useState(!secret);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {value === null ? (
        <div className="notice muted" id={id}>Your role cannot see this value.</div>
      ) : (
        <div className="secret">
          <input id={id} readOnly type={shown ? 'text' : 'password'} value={value} spellCheck={false} autoComplete="off"
            onFocus={(e) => e.currentTarget.select()} />
          {secret && (
            <Button small className="btn-icon" aria-pressed={shown} aria-label={`${shown ? 'Hide' : 'Reveal'} ${label}`} onClick={() => setShown(!shown)}>
              {shown ? 'Hide' : 'Reveal'}
            </Button>
          )}
          <CopyButton value={value} label={label} />
        </div>
      )}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card stack" style={{ textAlign: 'center', padding: 32 }}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A labelled checkbox with an optional hint under it. */
export function CheckField({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint && <div id={`${id}-hint`} className="field-hint">{hint}</div>}
    </div>
  );
}

/** Previous/next over 1-based pages, with where we are in words. */
export function Pager({ page, pageSize, total, onPage, busy, what }: {
  page: number; pageSize: number; total: number; onPage: (p: number) => void; busy?: boolean; what: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <Button small onClick={() => onPage(page - 1)} disabled={page <= 1}>Previous page</Button>
      <span>{what[0].toUpperCase() + what.slice(1)} {first}–{last} of {total} · page {page} of {pages}</span>
      <Button small onClick={() => onPage(page + 1)} disabled={page >= pages}>Next page</Button>
      {busy && <Spinner label={`Loading ${what}`} />}
    </nav>
  );
}
