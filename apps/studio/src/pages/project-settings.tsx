// Project settings: name, compute (applied on the next restore), pause/resume, and deletion with typed confirmation.
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useOrganizationQuery } from '../data/organizations.ts';
import {
  useDeleteProjectMutation, usePauseProjectMutation, useProjectQuery, useRestoreProjectMutation, useUpdateProjectMutation,
} from '../data/projects.ts';
import type { Project } from '../api/types.ts';
import { ConfirmDelete } from '../components/modal.tsx';
import { Button, ErrorBox, Field, StatusBadge } from '../components/ui.tsx';

export function ProjectSettingsPage() {
  const { ref = '' } = useParams();
  const p = useProjectQuery(ref).data;
  return p ? <Settings p={p} /> : null;
}

function Settings({ p }: { p: Project }) {
  const ref = p.ref;
  const org = useOrganizationQuery(p.organization_slug);
  const role = org.data?.role;
  const canBuild = role !== undefined && role !== 'read_only';
  const canDelete = role === 'owner' || role === 'admin';
  const update = useUpdateProjectMutation(ref);
  const pause = usePauseProjectMutation(ref);
  const restore = useRestoreProjectMutation(ref);
  const del = useDeleteProjectMutation(ref);
  const navigate = useNavigate();
  const [name, setName] = useState(p.name);
  const [compute, setCompute] = useState(p.compute);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => { setName(p.name); setCompute(p.compute); }, [p.name, p.compute]);
  const computeChanged = compute.cpu !== p.compute.cpu || compute.memory !== p.compute.memory || compute.disk !== p.compute.disk;
  return (
    <div className="page stack">
      <h1>Project Settings</h1>
      <section className="section" aria-labelledby="general">
        <h2 id="general">General</h2>
        <form onSubmit={(e) => { e.preventDefault(); update.mutate({ name }); }}>
          <Field label="Project name" value={name} onChange={(e) => setName(e.target.value)} disabled={!canBuild} />
          <Button type="submit" variant="primary" disabled={!canBuild || !name.trim() || name === p.name || update.isPending}>Save name</Button>
        </form>
      </section>
      <section className="section" aria-labelledby="compute">
        <h2 id="compute">Compute</h2>
        <p className="muted">Applied the next time the project is resumed.</p>
        <form onSubmit={(e) => { e.preventDefault(); update.mutate({ compute }); }}>
          <div className="grid">
            <Field label="CPU" value={compute.cpu} onChange={(e) => setCompute({ ...compute, cpu: e.target.value })} hint='e.g. "400m" or "2"' disabled={!canBuild} />
            <Field label="Memory" value={compute.memory} onChange={(e) => setCompute({ ...compute, memory: e.target.value })} hint='e.g. "1Gi"' disabled={!canBuild} />
            <Field label="Disk" value={compute.disk} onChange={(e) => setCompute({ ...compute, disk: e.target.value })} hint='e.g. "10Gi"' disabled={!canBuild} />
          </div>
          <Button type="submit" variant="primary" disabled={!canBuild || !computeChanged || update.isPending}>Save compute</Button>
        </form>
        <ErrorBox error={update.error} />
        {update.isSuccess && <p role="status" className="muted">Saved.</p>}
      </section>
      <section className="section" aria-labelledby="availability">
        <h2 id="availability">Pause or resume</h2>
        <div className="row">
          <span>Status:</span><StatusBadge status={p.status} />
          {p.status === 'ACTIVE_HEALTHY' || p.status === 'UNHEALTHY' ? (
            <Button onClick={() => pause.mutate()} disabled={!canBuild || pause.isPending}>{pause.isPending ? 'Pausing…' : 'Pause project'}</Button>
          ) : p.status === 'PAUSED' || p.status === 'FAILED' ? (
            <Button variant="primary" onClick={() => restore.mutate()} disabled={!canBuild || restore.isPending}>{restore.isPending ? 'Resuming…' : 'Resume project'}</Button>
          ) : null}
        </div>
        <p className="muted">A paused project keeps its data; its API and database stop answering until it is resumed.</p>
        <ErrorBox error={pause.error ?? restore.error} />
      </section>
      {canDelete && (
        <section className="section danger" aria-labelledby="danger">
          <h2 id="danger">Delete project</h2>
          <p className="muted">Removes the database, files and keys of this project for good.</p>
          <Button variant="danger" onClick={() => setConfirm(true)}>Delete project</Button>
        </section>
      )}
      {confirm && (
        <ConfirmDelete what="project" word={p.name} pending={del.isPending} error={del.error} onClose={() => setConfirm(false)}
          onConfirm={() => del.mutate(undefined, { onSuccess: () => navigate(`/org/${p.organization_slug}`) })} />
      )}
    </div>
  );
}
