// AI → Knowledge bases: the project's knowledge bases with their strategy, retrieval method, indexed sources
// and chunk counts; create one (ai-kb-create.tsx).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useKnowledgeBasesQuery } from '../data/ai-knowledge-bases.ts';
import { formatDate } from '../components/format.ts';
import { Button, EmptyState, ErrorBox, Loading } from '../components/ui.tsx';
import { CreateKbModal } from './ai-kb-create.tsx';

export function AiKnowledgeBasesPage() {
  const { ref = '' } = useParams();
  const navigate = useNavigate();
  const kbs = useKnowledgeBasesQuery(ref);
  const [creating, setCreating] = useState(false);
  const list = kbs.data?.knowledge_bases ?? [];
  return (
    <div className="stack">
      <div className="spread">
        <h2 style={{ margin: 0 }}>Knowledge bases</h2>
        <Button variant="primary" onClick={() => setCreating(true)}>New knowledge base</Button>
      </div>
      <ErrorBox error={kbs.error} />
      {kbs.isPending ? <Loading what="knowledge bases" /> : !list.length ? (
        <EmptyState title="No knowledge bases yet">
          <p className="muted">A knowledge base chunks and embeds the sources you add to it, so you can search them by meaning and by keywords.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">Knowledge bases</caption>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Sources</th><th scope="col">Chunks</th>
                <th scope="col" className="hide-narrow">Strategy</th><th scope="col" className="hide-narrow">Retrieval</th>
                <th scope="col" className="hide-narrow">Embedding model</th><th scope="col" className="hide-narrow">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.map((kb) => (
                <tr key={kb.id}>
                  <td title={kb.name}><Link to={`/project/${ref}/ai/knowledge-bases/${kb.id}`}>{kb.name}</Link></td>
                  <td>{kb.source_counts ? `${kb.source_counts.indexed} of ${kb.source_counts.total} indexed` : '—'}</td>
                  <td>{kb.chunk_count ?? '—'}</td>
                  <td className="hide-narrow">{kb.indexing_config.strategy}</td>
                  <td className="hide-narrow">{kb.retrieval_config.method}</td>
                  <td className="hide-narrow">{kb.indexing_config.embedding_model ?? '—'}</td>
                  <td className="hide-narrow">{formatDate(kb.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <CreateKbModal projectRef={ref} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/project/${ref}/ai/knowledge-bases/${id}`)} />}
    </div>
  );
}
