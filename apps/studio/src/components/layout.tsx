// The frames around pages: the top bar (breadcrumbs, user, sign out), the guard that sends signed-out
// visitors to sign in, and the organization and project layouts with their navigation.
import type { ReactNode } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSession, useSignOutMutation } from '../data/auth.ts';
import { useOrganizationQuery } from '../data/organizations.ts';
import { useProjectQuery } from '../data/projects.ts';
import { ConnectModal } from '../connect/connect-modal.tsx';
import { Button, ErrorBox, Loading, StatusBadge } from './ui.tsx';

export function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#1c1c1c" /><path d="M18 4 7 18h8l-2 10 12-15h-8z" fill="#3ecf8e" /></svg>
  );
}

export function Brand() {
  return <Link to="/" className="brand" aria-label="Powabase Studio home"><Logo /><span>Powabase</span></Link>;
}

export function RequireAuth() {
  const session = useSession();
  const loc = useLocation();
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <Outlet />;
}

export function TopBar({ crumbs, actions }: { crumbs?: ReactNode; actions?: ReactNode }) {
  const session = useSession();
  const signOut = useSignOutMutation();
  const navigate = useNavigate();
  return (
    <header className="topbar">
      <Brand />
      <nav className="crumbs" aria-label="Breadcrumbs">{crumbs}</nav>
      {actions}
      <div className="user">
        <span className="email" title={session?.user.email}>{session?.user.email}</span>
        <Button small onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })} disabled={signOut.isPending}>
          Sign out
        </Button>
      </div>
    </header>
  );
}

const Sep = () => <span className="sep" aria-hidden="true">/</span>;

export function OrgLayout() {
  const { slug = '' } = useParams();
  const org = useOrganizationQuery(slug);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <TopBar crumbs={<><span className="wide-only"><Sep /></span><Link className="wide-only" to="/organizations">Organizations</Link><Sep /><Link to={`/org/${slug}`}>{org.data?.name ?? slug}</Link></>} />
      <main className="page" id="main">
        {org.isError ? <ErrorBox error={org.error} /> : (
          <>
            <div className="spread"><h1>{org.data?.name ?? 'Organization'}</h1>{org.data && <span className="badge">Your role: {org.data.role}</span>}</div>
            <nav className="tabs" aria-label="Organization">
              <NavLink end to={`/org/${slug}`}>Projects</NavLink>
              <NavLink to={`/org/${slug}/members`}>Members</NavLink>
              <NavLink to={`/org/${slug}/settings`}>Settings</NavLink>
            </nav>
            <Outlet />
          </>
        )}
      </main>
    </>
  );
}

export const PROJECT_NAV: Array<{ to: string; label: string; soon?: boolean; end?: boolean }> = [
  { to: '', label: 'Project overview', end: true },
  { to: 'editor', label: 'Table Editor' },
  { to: 'sql', label: 'SQL Editor' },
  { to: 'auth', label: 'Authentication' },
  { to: 'storage', label: 'Storage' },
  { to: 'ai', label: 'AI' },
  { to: 'settings', label: 'Project Settings' },
];

export function ProjectLayout() {
  const { ref = '' } = useParams();
  const project = useProjectQuery(ref);
  const [params, setParams] = useSearchParams();
  const showConnect = params.get('showConnect') === 'true';
  const setConnect = (open: boolean) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (open) next.set('showConnect', 'true'); else next.delete('showConnect');
    return next;
  });
  const p = project.data;
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <TopBar
        crumbs={<>
          <span className="wide-only"><Sep /></span>
          {p ? <Link className="wide-only" to={`/org/${p.organization_slug}`}>{p.organization_slug}</Link> : <span>…</span>}
          <Sep />
          <Link to={`/project/${ref}`}>{p?.name ?? ref}</Link>
          {p && <StatusBadge status={p.status} />}
        </>}
        actions={<Button variant="primary" small onClick={() => setConnect(true)} aria-haspopup="dialog">Connect</Button>}
      />
      <div className="layout">
        <nav className="sidebar" aria-label="Project">
          <ul>
            {PROJECT_NAV.map((n) => (
              <li key={n.to}>
                <NavLink end={n.end} to={`/project/${ref}${n.to ? `/${n.to}` : ''}`}>
                  {n.label}{n.soon && <span className="soon">soon</span>}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main className="main" id="main">
          {project.isPending ? <div className="page"><Loading what="project" /></div>
            : project.isError ? <div className="page"><ErrorBox error={project.error} /></div>
            : <Outlet />}
        </main>
      </div>
      {showConnect && <ConnectModal projectRef={ref} onClose={() => setConnect(false)} />}
    </>
  );
}
