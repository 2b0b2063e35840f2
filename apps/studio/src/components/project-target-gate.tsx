// Renders a page that calls the project's own API once its URL and service-role key are known; otherwise says
// plainly why it cannot (loading, a role without secrets, a stopped project, an error).
import type { ReactNode } from 'react';
import type { ProjectTarget } from '../api/project-http.ts';
import { useProjectTarget } from '../data/project-target.ts';
import { ErrorBox, Loading } from './ui.tsx';

export function TargetGate({ projectRef, what, children }: { projectRef: string; what: string; children: (t: ProjectTarget) => ReactNode }) {
  const t = useProjectTarget(projectRef);
  switch (t.state) {
    case 'loading': return <Loading what="project keys" />;
    case 'error': return <ErrorBox error={t.error} />;
    case 'no-secrets':
      return <div className="notice" role="status">Managing {what} needs the project's service-role key, which your role cannot use. Ask an owner, admin or developer of the organization.</div>;
    case 'not-running':
      return <div className="notice" role="status">The project is not running. Resume it in Project Settings to manage {what}.</div>;
    default: return <>{children(t.target)}</>;
  }
}
