// The table editor: schemas and their tables on the side (and "New table"), the chosen table's grid in the
// main area (table-editor-grid.tsx). Rows go through the project's /rest/v1 with the service-role key.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSchemasQuery, useTablesQuery } from '../data/database.ts';
import { Button, EmptyState, ErrorBox, Loading } from '../components/ui.tsx';
import { CreateTableModal } from './table-editor-create.tsx';
import { TableGrid } from './table-editor-grid.tsx';

export function TableEditorPage() {
  const { ref = '', schema: routeSchema, table = '' } = useParams();
  const navigate = useNavigate();
  const [pickedSchema, setSchema] = useState('public');
  const [creating, setCreating] = useState(false);
  const schema = routeSchema ?? pickedSchema;
  const schemas = useSchemasQuery(ref);
  const tables = useTablesQuery(ref, schema);
  const info = tables.data?.find((t) => t.name === table);
  const open = (s: string, t: string) => navigate(`/project/${ref}/editor/${encodeURIComponent(s)}/${encodeURIComponent(t)}`);
  return (
    <div className="editor-layout">
      <aside className="editor-side" aria-label="Tables">
        <div className="field">
          <label htmlFor="schema">Schema</label>
          <select id="schema" value={schema} onChange={(e) => { setSchema(e.target.value); navigate(`/project/${ref}/editor`); }}>
            {(schemas.data ?? [schema]).map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div className="spread" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Tables</h2>
          <Button small variant="primary" onClick={() => setCreating(true)}>New table</Button>
        </div>
        {tables.isPending ? <Loading what="tables" /> : <ErrorBox error={tables.error} />}
        {tables.data?.length === 0 && <p className="muted">No tables in {schema}.</p>}
        <ul>
          {tables.data?.map((t) => (
            <li key={t.name}>
              <Link to={`/project/${ref}/editor/${encodeURIComponent(schema)}/${encodeURIComponent(t.name)}`}
                className={t.name === table ? 'active' : undefined} aria-current={t.name === table ? 'page' : undefined}>
                <span>{t.name}</span>{t.kind === 'view' && <span className="muted">view</span>}
              </Link>
            </li>
          ))}
        </ul>
      </aside>
      <div className="editor-main">
        {table ? <TableGrid key={`${schema}.${table}`} projectRef={ref} schema={schema} table={table} info={info} /> : (
          <EmptyState title="Table Editor">
            <p className="muted">Pick a table on the left, or create one.</p>
            <div><Button variant="primary" onClick={() => setCreating(true)}>Create a table</Button></div>
          </EmptyState>
        )}
      </div>
      {creating && (
        <CreateTableModal projectRef={ref} schema={schema} onClose={() => setCreating(false)}
          onCreated={(name) => { setCreating(false); open(schema, name); }} />
      )}
    </div>
  );
}
