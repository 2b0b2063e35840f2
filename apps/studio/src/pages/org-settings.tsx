// An organization's name, and deleting it (owners; only once it has no projects).
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useDeleteOrganizationMutation, useOrganizationQuery, useUpdateOrganizationMutation } from '../data/organizations.ts';
import { ConfirmDelete } from '../components/modal.tsx';
import { Button, ErrorBox, Field } from '../components/ui.tsx';

export function OrgSettingsPage() {
  const { slug = '' } = useParams();
  const org = useOrganizationQuery(slug);
  const rename = useUpdateOrganizationMutation(slug);
  const del = useDeleteOrganizationMutation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [confirm, setConfirm] = useState(false);
  useEffect(() => { if (org.data) setName(org.data.name); }, [org.data]);
  const role = org.data?.role;
  return (
    <div className="stack">
      <section className="section" aria-labelledby="org-general">
        <h2 id="org-general">General</h2>
        <form onSubmit={(e) => { e.preventDefault(); rename.mutate({ name }); }}>
          <Field label="Organization name" value={name} onChange={(e) => setName(e.target.value)}
            disabled={role !== 'owner' && role !== 'admin'} />
          <ErrorBox error={rename.error} />
          {rename.isSuccess && <p role="status" className="muted">Saved.</p>}
          <Button type="submit" variant="primary" disabled={!name.trim() || rename.isPending || (role !== 'owner' && role !== 'admin')}>Save</Button>
        </form>
      </section>
      {role === 'owner' && (
        <section className="section danger" aria-labelledby="org-danger">
          <h2 id="org-danger">Delete organization</h2>
          <p className="muted">An organization can be deleted once its projects are deleted.</p>
          <Button variant="danger" onClick={() => setConfirm(true)}>Delete organization</Button>
        </section>
      )}
      {confirm && org.data && (
        <ConfirmDelete what="organization" word={org.data.slug} pending={del.isPending} error={del.error}
          onClose={() => setConfirm(false)}
          onConfirm={() => del.mutate(slug, { onSuccess: () => navigate('/organizations') })} />
      )}
    </div>
  );
}
