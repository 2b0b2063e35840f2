// An organization's projects, and creating one with live progress until it is healthy.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Project } from '../api/types.ts';
import { useOrganizationQuery } from '../data/organizations.ts';
import { useCreateProjectMutation, useProjectsQuery } from '../data/projects.ts';
import { Modal } from '../components/modal.tsx';
import { Button, EmptyState, ErrorBox, Field, Loading, Spinner, StatusBadge } from '../components/ui.tsx';

export function OrgProjectsPage() {
  const { slug = '' } = useParams();
  const org = useOrganizationQuery(slug);
  const [creating, setCreating] = useState(false);
  const projects = useProjectsQuery({ poll: creating });
  const mine = projects.data?.filter((p) => p.organization_slug === slug) ?? [];
  const canCreate = org.data && org.data.role !== 'read_only';
  return (
    <div className="stack">
      <div className="spread">
        <h2>Projects</h2>
        {canCreate && <Button variant="primary" onClick={() => setCreating(true)}>New project</Button>}
      </div>
      {projects.isPending ? <Loading what="projects" /> : <ErrorBox error={projects.error} />}
      {projects.data && mine.length === 0 && (
        <EmptyState title="No projects yet">
          <p className="muted">A project is a Postgres database with its own API, auth, storage and AI services.</p>
        </EmptyState>
      )}
      <ul className="grid" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Projects">
        {mine.map((p) => <li key={p.ref}><ProjectCard p={p} /></li>)}
      </ul>
      {creating && <NewProjectDialog orgSlug={slug} projects={mine} onClose={() => setCreating(false)} />}
    </div>
  );
}

function ProjectCard({ p }: { p: Project }) {
  return (
    <Link to={`/project/${p.ref}`} className="card">
      <div className="spread"><h3>{p.name}</h3><StatusBadge status={p.status} /></div>
      <div className="muted mono">{p.ref}</div>
      <div className="muted">{p.region} · {p.compute.cpu} CPU · {p.compute.memory}</div>
    </Link>
  );
}

function useElapsed(running: boolean): number {
  const [s, setS] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    setS(0);
    const t = setInterval(() => setS(Math.round((Date.now() - start) / 1000)), 500);
    return () => clearInterval(t);
  }, [running]);
  return s;
}

function NewProjectDialog({ orgSlug, projects, onClose }: { orgSlug: string; projects: Project[]; onClose: () => void }) {
  const create = useCreateProjectMutation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [before] = useState(() => new Set(projects.map((p) => p.ref)));
  const elapsed = useElapsed(create.isPending);
  // The request answers once the project is up; meanwhile the polled list shows the new project's status.
  const live = create.data ?? projects.find((p) => !before.has(p.ref) && p.name === name.trim());
  const steps: Array<{ label: string; done: boolean; active: boolean }> = [
    { label: 'Project registered', done: !!live, active: create.isPending && !live },
    { label: 'Database and API services starting', done: live?.status === 'ACTIVE_HEALTHY', active: live?.status === 'COMING_UP' },
    { label: 'Healthy', done: live?.status === 'ACTIVE_HEALTHY', active: false },
  ];
  const started = create.isPending || create.isSuccess || create.isError;
  return (
    <Modal title="New project" onClose={onClose}>
      {!started || create.isError ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name: name.trim(), organization_id: orgSlug }, {
            onSuccess: (p) => { if (p.status === 'ACTIVE_HEALTHY') navigate(`/project/${p.ref}`); },
          });
        }}>
          <Field label="Project name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
          <ErrorBox error={create.error} title="The project could not be created" />
          <div className="row">
            <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending}>Create project</Button>
            <Button onClick={onClose}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div className="progress" aria-live="polite">
          <div className="spread">
            <strong>Creating {name.trim()}</strong>
            {live ? <StatusBadge status={live.status} /> : <Spinner label="Creating project" />}
          </div>
          <ol>
            {steps.map((s) => (
              <li key={s.label}>
                {s.done ? <span aria-hidden="true">✓</span> : s.active ? <Spinner label={s.label} /> : <span aria-hidden="true">·</span>}
                <span className={s.done || s.active ? '' : 'muted'}>{s.label}{s.done ? ' (done)' : ''}</span>
              </li>
            ))}
          </ol>
          <div className="muted">{create.isPending ? `${elapsed} s` : 'Done'}{live ? ` · ref ${live.ref}` : ''}</div>
        </div>
      )}
    </Modal>
  );
}
