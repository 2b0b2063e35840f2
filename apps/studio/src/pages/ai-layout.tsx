// AI: the frame of its pages (Sources, Knowledge bases, Provider keys, Settings) with their tabs, and the
// status badges they share. The pages call the project's AI service with the service-role key.
import { NavLink, Outlet, useParams } from 'react-router';
import type { ExtractionStatus, IndexStatus } from '../api/ai-types.ts';
import { TargetGate } from '../components/project-target-gate.tsx';

export function AiLayout() {
  const { ref = '' } = useParams();
  const base = `/project/${ref}/ai`;
  return (
    <div className="page">
      <h1>AI</h1>
      <nav className="tabs" aria-label="AI">
        <NavLink to={`${base}/sources`}>Sources</NavLink>
        <NavLink to={`${base}/knowledge-bases`}>Knowledge bases</NavLink>
        <NavLink to={`${base}/provider-keys`}>Provider keys</NavLink>
        <NavLink to={`${base}/settings`}>Settings</NavLink>
      </nav>
      <TargetGate projectRef={ref} what="AI sources and knowledge bases">{() => <Outlet />}</TargetGate>
    </div>
  );
}

const EXTRACTION: Record<ExtractionStatus, [string, string]> = {
  pending: ['Pending', 'busy'], extracting: ['Extracting', 'busy'], extracted: ['Extracted', 'ok'],
  attention_required: ['Attention required', ''], failed: ['Failed', 'bad'], cancelled: ['Cancelled', ''],
};

const INDEXING: Record<IndexStatus, [string, string]> = {
  pending: ['Pending', 'busy'], indexing: ['Indexing', 'busy'], indexed: ['Indexed', 'ok'], failed: ['Failed', 'bad'], cancelled: ['Cancelled', ''],
};

function Badge({ status, table }: { status: string; table: Record<string, [string, string]> }) {
  const [text, kind] = table[status] ?? [status, ''];
  // attention_required is a finished state: amber, without the pulsing dot of the busy ones
  const warn = status === 'attention_required' ? { color: 'var(--warn)', borderColor: '#6b5a1f' } : undefined;
  return <span className={`badge ${kind}`} style={warn} data-status={status}><span className="dot" aria-hidden="true" />{text}</span>;
}

export const ExtractionBadge = ({ status }: { status: ExtractionStatus }) => <Badge status={status} table={EXTRACTION} />;
export const IndexBadge = ({ status }: { status: IndexStatus }) => <Badge status={status} table={INDEXING} />;

/** Long extracted text shown as it is, wrapped. */
export const TEXT_BLOCK = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: '60vh', overflow: 'auto', margin: 0 } as const;
