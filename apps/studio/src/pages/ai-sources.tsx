// AI → Sources: upload documents (one at a time, each with a progress bar), and the project's sources with
// their extraction status, which updates live while extraction runs; filter, search, re-extract, delete.
import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AiSource, ExtractionStatus } from '../api/ai-types.ts';
import { useDeleteSourceMutation, useReextractSourceMutation, useSourcesQuery, useUploadSourceMutation } from '../data/ai-sources.ts';
import { formatDate } from '../components/format.ts';
import { ConfirmModal } from '../components/modal.tsx';
import { Button, EmptyState, ErrorBox, errorMessage, Field, Loading, Pager } from '../components/ui.tsx';
import { ExtractionBadge } from './ai-layout.tsx';
import { FilePicker, UploadList, type UploadItem } from './storage-uploads.tsx';

const PAGE_SIZE = 50;
const STATUSES: Array<[ExtractionStatus | '', string]> = [
  ['', 'Any status'], ['pending', 'Pending'], ['extracting', 'Extracting'], ['extracted', 'Extracted'],
  ['attention_required', 'Attention required'], ['failed', 'Failed'], ['cancelled', 'Cancelled'],
];

function useSourceUploads(projectRef: string) {
  const upload = useUploadSourceMutation(projectRef);
  const [items, setItems] = useState<UploadItem[]>([]);
  const chain = useRef(Promise.resolve());
  const patch = (id: string, p: Partial<UploadItem>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...p } : x)));
  const add = useCallback((files: File[]) => {
    const batch = files.map((file) => ({ file, item: { id: crypto.randomUUID(), name: file.name, loaded: 0, total: file.size, status: 'waiting' as const } }));
    setItems((xs) => [...xs, ...batch.map((b) => b.item)]);
    for (const { file, item } of batch) {
      chain.current = chain.current.then(async () => {
        patch(item.id, { status: 'uploading' });
        try {
          // progress counts the multipart body, a little larger than the file: shown against the file's size
          await upload.mutateAsync({ file, onProgress: (p) => patch(item.id, { loaded: Math.min(file.size, Math.round((p.loaded / (p.total || 1)) * file.size)) }) });
          patch(item.id, { status: 'done', loaded: file.size });
        } catch (e) {
          patch(item.id, { status: 'failed', error: errorMessage(e) });
        }
      });
    }
  }, [upload]);
  const clearFinished = () => setItems((xs) => xs.filter((x) => x.status === 'waiting' || x.status === 'uploading'));
  return { items, add, clearFinished };
}

export function AiSourcesPage() {
  const { ref = '' } = useParams();
  const [status, setStatus] = useState<ExtractionStatus | ''>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const sources = useSourcesQuery(ref, { status, q: search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const uploads = useSourceUploads(ref);
  const [removing, setRemoving] = useState<AiSource | null>(null);
  const filtered = !!status || !!search.trim();
  return (
    <div className="stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Sources</h2>
        <FilePicker onFiles={uploads.add}>Upload sources</FilePicker>
      </div>
      <p className="muted">PDF, Word, PowerPoint, Excel, HTML, images (OCR), text, Markdown and CSV. Each upload is extracted to page texts and Markdown in the background.</p>
      <UploadList items={uploads.items} onClear={uploads.clearFinished} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="ai-source-status">Status</label>
          <select id="ai-source-status" value={status} onChange={(e) => { setStatus(e.target.value as ExtractionStatus | ''); setPage(1); }}>
            {STATUSES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </div>
        <div className="grow"><Field label="Search by name" type="search" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} /></div>
      </div>
      <ErrorBox error={sources.error} />
      {sources.isPending ? <Loading what="sources" /> : !sources.data?.sources.length ? (
        filtered ? <p className="muted" role="status">No sources match.</p> : (
          <EmptyState title="No sources yet"><p className="muted">Upload a document to extract its text; then add it to a knowledge base to search it.</p></EmptyState>
        )
      ) : (
        <>
          <SourcesTable projectRef={ref} sources={sources.data.sources} onRemove={setRemoving} />
          <Pager page={page} pageSize={PAGE_SIZE} total={sources.data.total} onPage={setPage} busy={sources.isFetching} what="sources" />
        </>
      )}
      {removing && <RemoveSource projectRef={ref} source={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}

function SourcesTable({ projectRef, sources, onRemove }: { projectRef: string; sources: AiSource[]; onRemove: (s: AiSource) => void }) {
  const reextract = useReextractSourceMutation(projectRef);
  return (
    <>
      <ErrorBox error={reextract.error} />
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">Sources</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col" className="hide-narrow">Type</th><th scope="col" className="hide-narrow">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {sources.map((s) => {
              const name = s.name ?? s.id;
              return (
                <tr key={s.id} data-source={name}>
                  <td title={name}><Link to={`/project/${projectRef}/ai/sources/${s.id}`}>{name}</Link></td>
                  <td title={s.error_message ?? undefined}><ExtractionBadge status={s.extraction_status} /></td>
                  <td className="hide-narrow">{s.file_type}</td>
                  <td className="hide-narrow">{formatDate(s.created_at)}</td>
                  <td>
                    <div className="row" style={{ flexWrap: 'nowrap' }}>
                      <Button small onClick={() => reextract.mutate(s.id)} disabled={reextract.isPending} aria-label={`Re-extract ${name}`}>Re-extract</Button>
                      <Button small variant="danger" onClick={() => onRemove(s)} aria-label={`Delete ${name}`}>Delete</Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RemoveSource({ projectRef, source, onClose, onDone }: { projectRef: string; source: AiSource; onClose: () => void; onDone?: () => void }) {
  const del = useDeleteSourceMutation(projectRef, onDone);
  return (
    <ConfirmModal title="Delete source" confirmLabel="Delete source" pending={del.isPending} error={del.error} onClose={onClose}
      onConfirm={() => del.mutate(source.id, { onSuccess: onClose })}>
      Delete <strong>{source.name ?? source.id}</strong>? Its file, page texts, and its chunks in every knowledge base are removed.
    </ConfirmModal>
  );
}
