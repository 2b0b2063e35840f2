// The SQL editor: run SQL as the project owner (RLS bypassed), see the rows or the error with its position,
// and keep snippets (per user and project).
import { useState, type KeyboardEvent } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/http.ts';
import { useUserQuery } from '../data/auth.ts';
import { useRunSqlMutation } from '../data/database.ts';
import { useSnippets } from '../data/snippets.ts';
import { ResultsGrid } from '../components/results-grid.tsx';
import { Button, errorMessage } from '../components/ui.tsx';

const DEFAULT_SQL = 'select now() as now, current_user as "user", version() as version;';

export function SqlEditorPage() {
  const { ref = '' } = useParams();
  const user = useUserQuery();
  const run = useRunSqlMutation(ref);
  const { snippets, save, remove } = useSnippets(user.data?.id, ref);
  const [sql, setSql] = useState(DEFAULT_SQL);
  const [name, setName] = useState('');
  const [ms, setMs] = useState<number | null>(null);
  const execute = () => {
    const started = performance.now();
    run.mutate(sql, { onSettled: () => setMs(Math.round(performance.now() - started)) });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); execute(); }
  };
  const err = run.error;
  const position = err instanceof ApiError ? (err.details?.position as number | undefined) : undefined;
  return (
    <div className="editor-layout side-last">
      <aside className="editor-side" aria-label="Snippets">
        <h2>Snippets</h2>
        <form className="field" onSubmit={(e) => { e.preventDefault(); if (name.trim()) { save(name.trim(), sql); setName(''); } }}>
          <label htmlFor="snippet-name">Save current query as</label>
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <input id="snippet-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Snippet name" />
            <Button type="submit" small disabled={!name.trim()}>Save</Button>
          </div>
        </form>
        {snippets.length === 0 ? <p className="muted">No saved snippets.</p> : (
          <ul>
            {snippets.map((s) => (
              <li key={s.id} className="row" style={{ flexWrap: 'nowrap' }}>
                <button className="link" onClick={() => setSql(s.sql)} title={s.sql}>{s.name}</button>
                <Button small aria-label={`Delete snippet ${s.name}`} onClick={() => remove(s.id)}>×</Button>
              </li>
            ))}
          </ul>
        )}
        <p className="muted field-hint">Snippets are kept in this browser, per user and project.</p>
      </aside>
      <div className="editor-main">
        <div className="spread">
          <h1 style={{ margin: 0 }}>SQL Editor</h1>
          <span className="muted">Runs as <code>postgres</code>: Row Level Security is bypassed.</span>
        </div>
        <label htmlFor="sql" className="sr-only">SQL</label>
        <textarea id="sql" className="sql-input" value={sql} onChange={(e) => setSql(e.target.value)} onKeyDown={onKeyDown} spellCheck={false} rows={10} />
        <div className="row">
          <Button variant="primary" onClick={execute} disabled={run.isPending || !sql.trim()}>{run.isPending ? 'Running…' : 'Run'}</Button>
          <span className="muted">Ctrl+Enter</span>
          {ms !== null && !run.isPending && <span className="muted" role="status">{run.isError ? 'Failed' : `${run.data?.length ?? 0} rows`} in {ms} ms</span>}
        </div>
        <section aria-label="Results">
          {err ? (
            <div className="error" role="alert" data-position={position}>{errorMessage(err)}</div>
          ) : run.data ? (
            run.data.length ? <ResultsGrid rows={run.data} caption="Query results" /> : <div className="notice" role="status">Success. No rows returned.</div>
          ) : <p className="muted">Results appear here.</p>}
        </section>
      </div>
    </div>
  );
}
