// The search playground of a knowledge base: a query, a retrieval method and top_k; the ranked chunks with
// their score, source and chunk index, and any warnings (e.g. a reranker that is not available).
import { useId, useState } from 'react';
import type { KnowledgeBaseDetail, SearchResponse } from '../api/ai-types.ts';
import { useSearchKbMutation } from '../data/ai-knowledge-bases.ts';
import { Button, ErrorBox, Field } from '../components/ui.tsx';
import { TEXT_BLOCK } from './ai-layout.tsx';

const METHODS: Array<[string, string]> = [['hybrid', 'Hybrid (vector + BM25)'], ['vector_search', 'Vector search'], ['full_text', 'Full text (BM25)']];

export function KbSearchPlayground({ projectRef, kb }: { projectRef: string; kb: KnowledgeBaseDetail }) {
  const methodId = useId();
  const search = useSearchKbMutation(projectRef, kb.id);
  const [query, setQuery] = useState('');
  const [method, setMethod] = useState(String(kb.retrieval_config.method ?? 'hybrid'));
  const [topK, setTopK] = useState(String(kb.retrieval_config.top_k ?? 5));
  const run = () => search.mutate({ query: query.trim(), retrieval_method: method, top_k: Number(topK) });
  return (
    <section className="section stack" aria-labelledby="kb-search">
      <h3 id="kb-search" style={{ margin: 0 }}>Search playground</h3>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (query.trim()) run(); }}>
        <div className="grow"><Field label="Query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" /></div>
        <div className="field">
          <label htmlFor={methodId}>Method</label>
          <select id={methodId} value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </div>
        <div style={{ width: 110 }}><Field label="Top k" type="number" min={1} max={200} value={topK} onChange={(e) => setTopK(e.target.value)} /></div>
        <Button type="submit" variant="primary" disabled={!query.trim() || search.isPending}>{search.isPending ? 'Searching…' : 'Search'}</Button>
      </form>
      <ErrorBox error={search.error} />
      {search.data && <Results data={search.data} />}
    </section>
  );
}

function Results({ data }: { data: SearchResponse }) {
  return (
    <div className="stack" aria-live="polite">
      {data.warnings?.map((w) => <div key={w} className="notice" role="status">{w}</div>)}
      <p className="muted" role="status">{data.total_results} result{data.total_results === 1 ? '' : 's'} for “{data.query}” ({data.retrieval_method})</p>
      <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Search results">
        {data.results.map((r, i) => (
          <li key={r.id} className="card stack" data-chunk={r.chunk_id}>
            <div className="spread">
              <strong>#{i + 1} · {r.source_name ?? r.source_id}</strong>
              <span className="muted">chunk {r.chunk_index} · score <span className="mono" data-score>{r.score.toFixed(4)}</span></span>
            </div>
            <pre style={{ ...TEXT_BLOCK, maxHeight: 240 }}>{r.text}</pre>
          </li>
        ))}
      </ol>
    </div>
  );
}
