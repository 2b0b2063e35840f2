// One table's rows: a paginated grid sorted by a column header, filters, and (over /rest/v1) insert, edit and
// delete of a row matched by its primary key. Schemas the REST API does not expose are shown read-only (SQL).
import { useState } from 'react';
import type { RowFilter } from '../api/rest-query.ts';
import type { TableInfo } from '../api/fetchers/tables.ts';
import type { Row } from '../api/types.ts';
import { useColumnsQuery, useTableRowsQuery } from '../data/database.ts';
import { useDeleteRowMutation, type RowTarget } from '../data/table-editor.ts';
import { useProjectTarget } from '../data/project-target.ts';
import { ResultsGrid, cellText } from '../components/results-grid.tsx';
import { ConfirmModal } from '../components/modal.tsx';
import { TargetGate } from '../components/project-target-gate.tsx';
import { Button, ErrorBox, Loading, Pager } from '../components/ui.tsx';
import { FilterBar } from './table-editor-filters.tsx';
import { RowFormModal } from './table-editor-row-form.tsx';

const PAGE_SIZE = 100;

type Sort = { column: string; ascending: boolean };

export function TableGrid({ projectRef, schema, table, info }: { projectRef: string; schema: string; table: string; info?: TableInfo }) {
  const target = useProjectTarget(projectRef);
  return (
    <>
      <div className="spread">
        <h1 style={{ margin: 0 }}><span className="muted">{schema}.</span>{table}</h1>
        {info && info.kind === 'table' && (
          <span className={`badge ${info.rls_enabled ? 'ok' : 'bad'}`}>{info.rls_enabled ? 'RLS enabled' : 'RLS disabled'}</span>
        )}
      </div>
      {target.state === 'ready'
        ? <Rows projectRef={projectRef} schema={schema} table={table} view={info?.kind === 'view'} />
        : <TargetGate projectRef={projectRef} what="rows">{() => null}</TargetGate>}
    </>
  );
}

function Rows({ projectRef, schema, table, view }: { projectRef: string; schema: string; table: string; view: boolean }) {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort | undefined>();
  const [filters, setFilters] = useState<RowFilter[]>([]);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const columns = useColumnsQuery(projectRef, schema, table);
  const pk = columns.data?.filter((c) => c.is_primary_key).map((c) => c.name) ?? [];
  // Until a column is picked, rows come in primary-key order (stable pages), when the table has one.
  const order = sort ?? (pk.length ? { column: pk[0], ascending: true } : undefined);
  const rows = useTableRowsQuery(projectRef, { schema, table: columns.data ? table : '', page: page - 1, pageSize: PAGE_SIZE, sort: order, filters });
  const rowTarget: RowTarget = { schema, table, pk };
  const del = useDeleteRowMutation(projectRef, rowTarget);
  const total = rows.data?.total ?? 0;
  const writable = rows.data?.via === 'rest';
  const editable = writable && pk.length > 0 && !view;
  const onSort = (column: string) => {
    setPage(1);
    setSort(order?.column !== column ? { column, ascending: true } : { column, ascending: !order.ascending });
  };
  const rowName = (r: Row) => (pk.length ? pk.map((c) => cellText(r[c])).join(', ') : '');
  return (
    <>
      <div className="toolbar">
        <FilterBar columns={columns.data ?? []} filters={filters} onChange={(f) => { setPage(1); setFilters(f); }} />
        {writable && !view && <Button variant="primary" onClick={() => setEditing('new')} disabled={!columns.data}>Insert row</Button>}
      </div>
      {rows.data?.via === 'sql' && (
        <p className="notice" role="status">The {schema} schema is not exposed over the project's REST API: its rows are read through SQL and cannot be edited here.</p>
      )}
      {writable && !pk.length && !view && <p className="notice">This table has no primary key: rows can be inserted, but not edited or deleted here.</p>}
      <ErrorBox error={columns.error ?? rows.error} />
      {columns.isPending || (rows.isPending && !rows.error) ? <Loading what="rows" /> : (
        <>
          <span className="muted" role="status">{rows.data ? `${total} rows` : ''}</span>
          <ResultsGrid rows={rows.data?.rows ?? []} caption={`Rows of ${schema}.${table}`} sort={order} onSort={onSort}
            columns={columns.data?.map((c) => ({ name: c.name, type: c.data_type }))}
            actions={editable ? (r) => (
              <span className="row" style={{ flexWrap: 'nowrap' }}>
                <Button small onClick={() => setEditing(r)} aria-label={`Edit row ${rowName(r)}`}>Edit</Button>
                <Button small variant="danger" onClick={() => { del.reset(); setDeleting(r); }} aria-label={`Delete row ${rowName(r)}`}>Delete</Button>
              </span>
            ) : undefined} />
          {rows.data && total === 0 && <p className="muted">{filters.length ? 'No rows match the filters.' : 'This table has no rows.'}</p>}
          <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} busy={rows.isFetching} what="rows" />
        </>
      )}
      {editing && columns.data && (
        <RowFormModal projectRef={projectRef} target={rowTarget} columns={columns.data} row={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)} />
      )}
      {deleting && (
        <ConfirmModal title="Delete row" confirmLabel="Delete row" pending={del.isPending} error={del.error}
          onClose={() => setDeleting(null)} onConfirm={() => del.mutate(deleting, { onSuccess: () => setDeleting(null) })}>
          Delete the row of {schema}.{table} whose {pk.join(', ')} is <strong className="mono">{rowName(deleting)}</strong>?
        </ConfirmModal>
      )}
    </>
  );
}
