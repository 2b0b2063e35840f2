// Storage: the project's buckets on the side (create one there), the chosen bucket's files in the main area.
// Talks to the project's Storage API with the service-role key (RLS bypassed, as in Supabase Studio).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useBucketsQuery } from '../data/storage.ts';
import { useProjectTarget } from '../data/project-target.ts';
import { TargetGate } from '../components/project-target-gate.tsx';
import { Button, EmptyState, ErrorBox, Loading } from '../components/ui.tsx';
import { BucketFormModal } from './storage-bucket-form.tsx';
import { BucketView } from './storage-bucket.tsx';

export function StoragePage() {
  const { ref = '' } = useParams();
  const t = useProjectTarget(ref);
  if (t.state !== 'ready') {
    return <div className="page"><h1>Storage</h1><TargetGate projectRef={ref} what="files">{() => null}</TargetGate></div>;
  }
  return <StorageBrowser projectRef={ref} />;
}

function StorageBrowser({ projectRef }: { projectRef: string }) {
  const { bucket: name = '' } = useParams();
  const navigate = useNavigate();
  const buckets = useBucketsQuery(projectRef);
  const [creating, setCreating] = useState(false);
  const bucket = buckets.data?.find((b) => b.id === name);
  return (
    <div className="editor-layout">
      <aside className="editor-side" aria-label="Buckets">
        <div className="spread" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Buckets</h2>
          <Button small variant="primary" onClick={() => setCreating(true)}>New bucket</Button>
        </div>
        {buckets.isPending ? <Loading what="buckets" /> : <ErrorBox error={buckets.error} />}
        {buckets.data?.length === 0 && <p className="muted">No buckets yet.</p>}
        <ul>
          {buckets.data?.map((b) => (
            <li key={b.id}>
              <Link to={`/project/${projectRef}/storage/${encodeURIComponent(b.id)}`} className={b.id === name ? 'active' : undefined}
                aria-current={b.id === name ? 'page' : undefined}>
                <span>{b.name}</span>{b.public && <span className="muted">public</span>}
              </Link>
            </li>
          ))}
        </ul>
      </aside>
      <div className="editor-main">
        {!name ? (
          <>
            <h1 style={{ margin: 0 }}>Storage</h1>
            <EmptyState title="Files in buckets">
              <p className="muted">Pick a bucket on the left, or create one to upload files, organise them in folders and share them with signed URLs.</p>
            </EmptyState>
          </>
        ) : bucket ? <BucketView key={bucket.id} projectRef={projectRef} bucket={bucket} onDeleted={() => navigate(`/project/${projectRef}/storage`)} />
          : buckets.data ? <><h1 style={{ margin: 0 }}>{name}</h1><div className="notice" role="status">There is no bucket named “{name}”.</div></>
          : null}
      </div>
      {creating && (
        <BucketFormModal projectRef={projectRef} onClose={() => setCreating(false)}
          onSaved={(id) => navigate(`/project/${projectRef}/storage/${encodeURIComponent(id)}`)} />
      )}
    </div>
  );
}
