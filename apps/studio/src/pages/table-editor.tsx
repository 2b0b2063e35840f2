// The table editor: schemas and their tables, and a paginated, sortable grid of a table's rows.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useColumnsQuery, useSchemasQuery, useTableRowsQuery, useTablesQuery } from '../data/database.ts';
import { ResultsGrid } from '../components/results-grid.tsx';
import { Button, EmptyState, ErrorBox, Loading } from '../components/ui.tsx';

const PAGE_SIZE = 100;

export function TableEditorPage() {
  const { ref = '', schema: routeSchema, table = '' } = useParams();
  const navigate = useNavigate();
  const [pickedSchema, setSchema] = useState('public');
  const schema = routeSchema ?? pickedSchema;
  const schemas = useSchemasQuery(ref);
  const tables = useTablesQuery(ref, schema);
  return (
    <div className="editor-layout">
      <aside className="editor-side" aria-label="Tables">
        <div className="field">
          <label htmlFor="schema">Schema</label>
          <select id="schema" value={schema} onChange={(e) => { setSchema(e.target.value); navigate(`/project/${ref}/editor`); }}>
            {(schemas.data ?? [schema]).map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <h2>Tables</h2>
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
        {table ? <TableGrid key={`${schema}.${table}`} projectRef={ref} schema={schema} table={table} /> : (
          <EmptyState title="Table Editor">
            <p className="muted">Pick a table on the left, or create one in the <Link to={`/project/${ref}/sql`}>SQL Editor</Link>.</p>
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function TableGrid({ projectRef, schema, table }: { projectRef: string; schema: string; table: string }) {
  const [page, setPage] = useState(0);
  const [sort, setSort] = useState<{ column: string; ascending: boolean } | undefined>();
  const columns = useColumnsQuery(projectRef, schema, table);
  // Until a column is picked, rows come in primary-key order (stable pages), when the table has one.
  const pk = columns.data?.find((c) => c.is_primary_key)?.name;
  const order = sort ?? (pk ? { column: pk, ascending: true } : undefined);
  const rows = useTableRowsQuery(projectRef, { schema, table: columns.data ? table : '', page, pageSize: PAGE_SIZE, sort: order });
  const total = rows.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const onSort = (column: string) => {
    setPage(0);
    setSort(order?.column !== column ? { column, ascending: true } : order.ascending ? { column, ascending: false } : { column, ascending: true });
  };
  const first = total === 0 ? 0 : page * PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);
  return (
    <>
      <div className="spread">
        <h1 style={{ margin: 0 }}><span className="muted">{schema}.</span>{table}</h1>
        <span className="muted" role="status">{rows.data ? `${total} rows` : ''}</span>
      </div>
      <ErrorBox error={columns.error ?? rows.error} />
      {columns.isPending || rows.isPending ? <Loading what="rows" /> : (
        <>
          <ResultsGrid rows={rows.data?.rows ?? []} caption={`Rows of ${schema}.${table}`} sort={order} onSort={onSort}
            columns={columns.data?.map((c) => ({ name: c.name, type: c.data_type }))} />
          {total === 0 && <p className="muted">This table has no rows.</p>}
          <nav className="pager" aria-label="Pages">
            <Button small onClick={() => setPage(page - 1)} disabled={page === 0}>Previous page</Button>
            <span>Rows {first}–{last} of {total} · page {page + 1} of {pages}</span>
            <Button small onClick={() => setPage(page + 1)} disabled={page + 1 >= pages}>Next page</Button>
            {rows.isFetching && <Loading what="page" />}
          </nav>
        </>
      )}
    </>
  );
}
