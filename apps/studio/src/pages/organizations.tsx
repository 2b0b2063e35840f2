// The organizations you belong to, and a new one; `/` sends you to your first organization.
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useCreateOrganizationMutation, useOrganizationsQuery } from '../data/organizations.ts';
import { TopBar } from '../components/layout.tsx';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';

export function HomeRedirect() {
  const orgs = useOrganizationsQuery();
  if (orgs.isPending) return <main className="page"><Loading what="organizations" /></main>;
  if (orgs.data?.length) return <Navigate to={`/org/${orgs.data[0].slug}`} replace />;
  return <Navigate to="/organizations" replace />;
}

export function OrganizationsPage() {
  const orgs = useOrganizationsQuery();
  const create = useCreateOrganizationMutation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  return (
    <>
      <TopBar crumbs={<><span className="sep" aria-hidden="true">/</span><span>Organizations</span></>} />
      <main className="page" id="main">
        <h1>Organizations</h1>
        {orgs.isPending ? <Loading what="organizations" /> : <ErrorBox error={orgs.error} />}
        {orgs.data && orgs.data.length === 0 && <p className="muted">You are not in any organization yet. Create one to start a project.</p>}
        <div className="grid" style={{ marginBottom: 24 }}>
          {orgs.data?.map((o) => (
            <Link key={o.id} to={`/org/${o.slug}`} className="card">
              <h2>{o.name}</h2>
              <div className="muted">{o.slug} · {o.role}</div>
            </Link>
          ))}
        </div>
        <section className="section" aria-labelledby="new-org">
          <h2 id="new-org">New organization</h2>
          <form onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name }, { onSuccess: (o) => { setName(''); navigate(`/org/${o.slug}`); } });
          }}>
            <Field label="Organization name" value={name} onChange={(e) => setName(e.target.value)} required />
            <ErrorBox error={create.error} />
            <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending}>
              {create.isPending ? 'Creating…' : 'Create organization'}
            </Button>
          </form>
        </section>
      </main>
    </>
  );
}
