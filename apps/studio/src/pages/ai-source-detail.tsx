// AI → one source: its status (live while extraction runs), facts, the Markdown derivative and the text of
// each page; download the original, re-extract, cancel a running extraction, delete.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AiSource } from '../api/ai-types.ts';
import { extractionBusy } from '../data/ai-keys.ts';
import {
  useCancelSourceMutation, useDownloadSourceMutation, useMarkdownQuery, usePageTextsQuery, useReextractSourceMutation, useSourceQuery,
} from '../data/ai-sources.ts';
import { formatDate } from '../components/format.ts';
import { Button, ErrorBox, Loading } from '../components/ui.tsx';
import { ExtractionBadge, TEXT_BLOCK } from './ai-layout.tsx';
import { RemoveSource } from './ai-sources.tsx';

export function AiSourceDetailPage() {
  const { ref = '', id = '' } = useParams();
  const navigate = useNavigate();
  const source = useSourceQuery(ref, id);
  const [removing, setRemoving] = useState(false);
  const back = <Link to={`/project/${ref}/ai/sources`}>← All sources</Link>;
  if (source.isPending) return <Loading what="source" />;
  if (source.isError) return <div className="stack">{back}<ErrorBox error={source.error} /></div>;
  const s = source.data;
  return (
    <div className="stack">
      {back}
      <div className="spread">
        <h2 style={{ margin: 0, overflowWrap: 'anywhere' }}>{s.name ?? s.id} <ExtractionBadge status={s.extraction_status} /></h2>
        <SourceActions projectRef={ref} source={s} onDelete={() => setRemoving(true)} />
      </div>
      <Facts source={s} />
      {extractionBusy(s) ? (
        <p className="muted row" role="status"><span className="spinner" aria-hidden="true" /> Extraction is {s.extraction_status === 'pending' ? 'queued' : 'running'}; this page updates when it ends.</p>
      ) : <SourceTexts projectRef={ref} source={s} />}
      {removing && <RemoveSource projectRef={ref} source={s} onClose={() => setRemoving(false)} onDone={() => navigate(`/project/${ref}/ai/sources`)} />}
    </div>
  );
}

function SourceActions({ projectRef, source, onDelete }: { projectRef: string; source: AiSource; onDelete: () => void }) {
  const reextract = useReextractSourceMutation(projectRef);
  const cancel = useCancelSourceMutation(projectRef);
  const download = useDownloadSourceMutation(projectRef);
  return (
    <div className="stack">
      <div className="row">
        <Button small onClick={() => download.mutate(source)} disabled={download.isPending}>Download original</Button>
        {extractionBusy(source)
          ? <Button small onClick={() => cancel.mutate(source.id)} disabled={cancel.isPending}>Cancel extraction</Button>
          : <Button small onClick={() => reextract.mutate(source.id)} disabled={reextract.isPending}>Re-extract</Button>}
        <Button small variant="danger" onClick={onDelete}>Delete source</Button>
      </div>
      <ErrorBox error={reextract.error ?? cancel.error ?? download.error} />
    </div>
  );
}

function Facts({ source: s }: { source: AiSource }) {
  const model = s.auto_metadata?.extraction_model;
  const fallback = s.auto_metadata?.fallback_reason;
  return (
    <div className="card stack">
      {s.error_message && <div className={s.extraction_status === 'failed' ? 'error' : 'notice'} role="status">{s.error_message}</div>}
      <dl className="facts">
        <dt>Type</dt><dd>{s.file_type}</dd>
        <dt>Created</dt><dd>{formatDate(s.created_at)}</dd>
        <dt>Updated</dt><dd>{formatDate(s.updated_at)}</dd>
        {typeof model === 'string' && <><dt>Extraction method</dt><dd>{model}</dd></>}
        {typeof fallback === 'string' && <><dt>Fallback</dt><dd>{fallback}</dd></>}
        <dt>Pages</dt><dd>{s.derivatives?.page_text?.length ?? 0}</dd>
        <dt>Id</dt><dd className="mono">{s.id}</dd>
      </dl>
    </div>
  );
}

/** The Markdown derivative and the page texts, in two tabs. */
function SourceTexts({ projectRef, source }: { projectRef: string; source: AiSource }) {
  const [tab, setTab] = useState<'markdown' | 'pages'>(source.derivatives?.markdown?.length ? 'markdown' : 'pages');
  const tabs = [['markdown', 'Markdown'], ['pages', 'Page texts']] as const;
  return (
    <section className="stack" aria-label="Extracted text">
      <div className="tabs" role="tablist" aria-label="Extracted text">
        {tabs.map(([k, label]) => (
          <button key={k} type="button" role="tab" id={`source-tab-${k}`} aria-selected={tab === k} aria-controls="source-panel" onClick={() => setTab(k)}>{label}</button>
        ))}
      </div>
      <div role="tabpanel" id="source-panel" aria-labelledby={`source-tab-${tab}`}>
        {tab === 'markdown' ? <MarkdownView projectRef={projectRef} source={source} /> : <PagesView projectRef={projectRef} source={source} />}
      </div>
    </section>
  );
}

function MarkdownView({ projectRef, source }: { projectRef: string; source: AiSource }) {
  const md = useMarkdownQuery(projectRef, source);
  if (!source.derivatives?.markdown?.length) return <p className="muted" role="status">This source has no Markdown derivative.</p>;
  if (md.isPending) return <Loading what="Markdown" />;
  if (md.isError) return <ErrorBox error={md.error} />;
  return <TextRegion label="Markdown" text={md.data || '(empty)'} />;
}

function PagesView({ projectRef, source }: { projectRef: string; source: AiSource }) {
  const texts = usePageTextsQuery(projectRef, source);
  const [page, setPage] = useState(1);
  if (texts.isPending) return <Loading what="page texts" />;
  if (texts.isError) return <ErrorBox error={texts.error} />;
  const { page_texts: pages, count } = texts.data;
  if (!count) return <p className="muted" role="status">No text was extracted.</p>;
  const n = Math.min(page, count);
  return (
    <div className="stack">
      <nav className="pager" aria-label="Pages of the source">
        <Button small onClick={() => setPage(n - 1)} disabled={n <= 1}>Previous page</Button>
        <span>Page {n} of {count}</span>
        <Button small onClick={() => setPage(n + 1)} disabled={n >= count}>Next page</Button>
      </nav>
      <TextRegion label={`Text of page ${n}`} text={pages[n - 1] || '(no text on this page)'} />
    </div>
  );
}

/** A long text in a scrolling box that keyboard users can reach (a labelled, focusable region). */
function TextRegion({ label, text }: { label: string; text: string }) {
  return <div className="card" role="region" aria-label={label} tabIndex={0} style={TEXT_BLOCK}><pre style={{ margin: 0, whiteSpace: 'inherit' }}>{text}</pre></div>;
}
