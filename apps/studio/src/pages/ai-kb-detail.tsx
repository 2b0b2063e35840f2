// AI → one knowledge base: its configuration, its sources with their index status (live while indexing),
// add a source, reindex or remove one, delete the knowledge base, and the search playground (ai-kb-search.tsx).
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { IndexedSource, KnowledgeBaseDetail } from '../api/ai-types.ts';
import {
  useAddKbSourceMutation, useDeleteKnowledgeBaseMutation, useKnowledgeBaseQuery, useReindexKbMutation, useRemoveKbSourceMutation,
} from '../data/ai-knowledge-bases.ts';
import { useSourcesQuery } from '../data/ai-sources.ts';
import { formatDate } from '../components/format.ts';
import { ConfirmDelete, ConfirmModal } from '../components/modal.tsx';
import { Button, ErrorBox, Loading } from '../components/ui.tsx';
import { IndexBadge } from './ai-layout.tsx';
import { KbSearchPlayground } from './ai-kb-search.tsx';

export function AiKnowledgeBasePage() {
  const { ref = '', id = '' } = useParams();
  const navigate = useNavigate();
  const kb = useKnowledgeBaseQuery(ref, id);
  const [deleting, setDeleting] = useState(false);
  const back = <Link to={`/project/${ref}/ai/knowledge-bases`}>← All knowledge bases</Link>;
  if (kb.isPending) return <Loading what="knowledge base" />;
  if (kb.isError) return <div className="stack">{back}<ErrorBox error={kb.error} /></div>;
  const k = kb.data;
  return (
    <div className="stack">
      {back}
      <div className="spread">
        <h2 style={{ margin: 0, overflowWrap: 'anywhere' }}>{k.name}</h2>
        <Button small variant="danger" onClick={() => setDeleting(true)}>Delete knowledge base</Button>
      </div>
      {k.description && <p className="muted">{k.description}</p>}
      <KbFacts kb={k} />
      <KbSources projectRef={ref} kb={k} />
      <KbSearchPlayground projectRef={ref} kb={k} />
      {deleting && <DeleteKb projectRef={ref} kb={k} onClose={() => setDeleting(false)} onDone={() => navigate(`/project/${ref}/ai/knowledge-bases`)} />}
    </div>
  );
}

function KbFacts({ kb }: { kb: KnowledgeBaseDetail }) {
  const ix = kb.indexing_config;
  const rt = kb.retrieval_config;
  return (
    <div className="card">
      <dl className="facts">
        <dt>Strategy</dt><dd>{ix.strategy}</dd>
        <dt>Chunk size / overlap</dt><dd>{ix.chunk_size ?? '—'} / {ix.overlap ?? '—'} tokens</dd>
        <dt>Embedding model</dt><dd>{ix.embedding_model ?? '—'}</dd>
        <dt>Retrieval</dt><dd>{rt.method}, top {rt.top_k}{rt.vector_weight !== undefined && rt.method === 'hybrid' ? `, vector weight ${rt.vector_weight}` : ''}</dd>
        <dt>Sources</dt><dd>{kb.source_counts.indexed} of {kb.source_counts.total} indexed{kb.source_counts.failed ? `, ${kb.source_counts.failed} failed` : ''}</dd>
        <dt>Created</dt><dd>{formatDate(kb.created_at)}</dd>
      </dl>
      {kb.drift === 'full' && <div className="notice" role="status">The indexing settings changed since some sources were indexed: reindex them to search them with the current model.</div>}
    </div>
  );
}

function KbSources({ projectRef, kb }: { projectRef: string; kb: KnowledgeBaseDetail }) {
  const reindex = useReindexKbMutation(projectRef, kb.id);
  const [removing, setRemoving] = useState<IndexedSource | null>(null);
  return (
    <section className="section stack" aria-labelledby="kb-sources">
      <div className="spread">
        <h3 id="kb-sources" style={{ margin: 0 }}>Sources</h3>
        {kb.indexed_sources.length > 0 && <Button small onClick={() => reindex.mutate(undefined)} disabled={reindex.isPending}>Reindex all</Button>}
      </div>
      <AddSource projectRef={projectRef} kb={kb} />
      <ErrorBox error={reindex.error} />
      {!kb.indexed_sources.length ? <p className="muted" role="status">No sources yet: add an extracted source to index it.</p> : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">Sources of {kb.name}</caption>
            <thead>
              <tr><th scope="col">Source</th><th scope="col">Index status</th><th scope="col">Chunks</th><th scope="col" className="hide-narrow">Indexed</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {kb.indexed_sources.map((s) => {
                const name = s.source_name ?? s.source_id;
                return (
                  <tr key={s.id} data-source={name}>
                    <td title={name}><Link to={`/project/${projectRef}/ai/sources/${s.source_id}`}>{name}</Link></td>
                    <td title={s.error_message ?? undefined}><IndexBadge status={s.index_status} />{s.index_status === 'failed' && s.error_message ? <span className="sr-only">: {s.error_message}</span> : null}</td>
                    <td>{typeof s.stats?.artifact_count === 'number' ? s.stats.artifact_count : '—'}</td>
                    <td className="hide-narrow">{formatDate(s.indexed_at)}</td>
                    <td>
                      <div className="row" style={{ flexWrap: 'nowrap' }}>
                        <Button small onClick={() => reindex.mutate([s.id])} disabled={reindex.isPending} aria-label={`Reindex ${name}`}>Reindex</Button>
                        <Button small variant="danger" onClick={() => setRemoving(s)} aria-label={`Remove ${name}`}>Remove</Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {removing && <RemoveKbSource projectRef={projectRef} kbId={kb.id} source={removing} onClose={() => setRemoving(null)} />}
    </section>
  );
}

/** A picker of the project's indexable sources (extracted or attention required) not in the KB yet. */
function AddSource({ projectRef, kb }: { projectRef: string; kb: KnowledgeBaseDetail }) {
  const selectId = useId();
  const sources = useSourcesQuery(projectRef, { limit: 200, offset: 0 });
  const add = useAddKbSourceMutation(projectRef, kb.id);
  const [picked, setPicked] = useState('');
  const inKb = new Set(kb.indexed_sources.map((s) => s.source_id));
  const candidates = (sources.data?.sources ?? []).filter((s) => !inKb.has(s.id) && ['extracted', 'attention_required'].includes(s.extraction_status));
  const value = candidates.some((s) => s.id === picked) ? picked : '';
  return (
    <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (value) add.mutate(value, { onSuccess: () => setPicked('') }); }}>
      <div className="field grow">
        <label htmlFor={selectId}>Add a source</label>
        <select id={selectId} value={value} onChange={(e) => setPicked(e.target.value)} disabled={!candidates.length}>
          <option value="">{sources.isPending ? 'Loading sources…' : candidates.length ? 'Choose an extracted source' : 'No extracted sources to add'}</option>
          {candidates.map((s) => <option key={s.id} value={s.id}>{s.name ?? s.id}</option>)}
        </select>
      </div>
      <Button type="submit" variant="primary" disabled={!value || add.isPending}>{add.isPending ? 'Adding…' : 'Add source'}</Button>
      <ErrorBox error={add.error ?? sources.error} />
    </form>
  );
}

function RemoveKbSource({ projectRef, kbId, source, onClose }: { projectRef: string; kbId: string; source: IndexedSource; onClose: () => void }) {
  const remove = useRemoveKbSourceMutation(projectRef, kbId);
  return (
    <ConfirmModal title="Remove source" confirmLabel="Remove source" pending={remove.isPending} error={remove.error} onClose={onClose}
      onConfirm={() => remove.mutate(source.id, { onSuccess: onClose })}>
      Remove <strong>{source.source_name ?? source.source_id}</strong> from this knowledge base? Its chunks are deleted; the source itself stays.
    </ConfirmModal>
  );
}

function DeleteKb({ projectRef, kb, onClose, onDone }: { projectRef: string; kb: KnowledgeBaseDetail; onClose: () => void; onDone: () => void }) {
  const del = useDeleteKnowledgeBaseMutation(projectRef, onDone);
  return <ConfirmDelete what="knowledge base" word={kb.name} pending={del.isPending} error={del.error} onClose={onClose} onConfirm={() => del.mutate(kb.id)} />;
}
