// A project at a glance: status (live while it changes), URLs, compute, health, and where to go next.
import { Link, useParams, useSearchParams } from 'react-router';
import type { Project } from '../api/types.ts';
import { TRANSITIONAL, useProjectHealthQuery, useProjectQuery, useRestoreProjectMutation } from '../data/projects.ts';
import { Button, ErrorBox, Spinner, StatusBadge } from '../components/ui.tsx';

export function ProjectOverviewPage() {
  const { ref = '' } = useParams();
  const p = useProjectQuery(ref).data;
  return p ? <Overview p={p} /> : null;
}

function Overview({ p }: { p: Project }) {
  const ref = p.ref;
  const [, setParams] = useSearchParams();
  const running = p.status === 'ACTIVE_HEALTHY' || p.status === 'UNHEALTHY';
  const health = useProjectHealthQuery(ref, running);
  const restore = useRestoreProjectMutation(ref);
  return (
    <div className="page stack">
      <div className="spread">
        <h1>{p.name}</h1>
        <div className="row">
          <span id="project-status">Status: </span><StatusBadge status={p.status} />
          {TRANSITIONAL.includes(p.status) && <Spinner label="Status changing" />}
        </div>
      </div>
      {(p.status === 'PAUSED' || p.status === 'FAILED') && (
        <div className="notice spread">
          <span>This project is {p.status === 'PAUSED' ? 'paused' : 'not running (creation failed)'}.</span>
          <Button variant="primary" onClick={() => restore.mutate()} disabled={restore.isPending}>
            {restore.isPending ? 'Starting…' : p.status === 'PAUSED' ? 'Resume project' : 'Retry'}
          </Button>
        </div>
      )}
      <ErrorBox error={restore.error} />
      <section className="section" aria-labelledby="facts">
        <h2 id="facts">Project</h2>
        <dl className="facts">
          <dt>Reference</dt><dd className="mono">{p.ref}</dd>
          <dt>Project URL</dt><dd className="mono">{p.url ?? 'not running'}</dd>
          <dt>Database</dt><dd className="mono">{p.database ? `${p.database.host}:${p.database.port}` : 'not running'}</dd>
          <dt>Organization</dt><dd><Link to={`/org/${p.organization_slug}`}>{p.organization_slug}</Link></dd>
          <dt>Region</dt><dd>{p.region}</dd>
          <dt>Compute</dt><dd>{p.compute.cpu} CPU · {p.compute.memory} memory · {p.compute.disk} disk</dd>
          <dt>Created</dt><dd>{new Date(p.created_at).toLocaleString()}</dd>
          <dt>Health</dt>
          <dd>{!running ? '—' : health.isPending ? 'checking…' : health.isError ? 'could not check'
            : health.data?.map((h) => `${h.name}: ${h.healthy ? 'healthy' : `unhealthy${h.error ? ` (${h.error})` : ''}`}`).join(', ')}</dd>
        </dl>
      </section>
      <section className="section" aria-labelledby="next">
        <h2 id="next">Get started</h2>
        <div className="row">
          <Button variant="primary" onClick={() => setParams({ showConnect: 'true' })}>Connect to your project</Button>
          <Link className="btn" to={`/project/${ref}/sql`}>Open the SQL Editor</Link>
          <Link className="btn" to={`/project/${ref}/editor`}>Browse tables</Link>
        </div>
      </section>
    </div>
  );
}
