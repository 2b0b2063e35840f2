// A grid of result rows: columns from the rows' keys (or given), values shown as text (objects as JSON),
// NULL marked, optional sortable headers and per-row actions (a last column).
import type { ReactNode } from 'react';
import type { Row } from '../api/types.ts';

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function ResultsGrid({ rows, columns, caption, sort, onSort, actions }: {
  rows: Row[];
  columns?: Array<{ name: string; type?: string }>;
  caption: string;
  sort?: { column: string; ascending: boolean };
  onSort?: (column: string) => void;
  /** Buttons for one row (edit, delete), in a last column. */
  actions?: (row: Row) => ReactNode;
}) {
  const cols: Array<{ name: string; type?: string }> = columns ?? Object.keys(rows[0] ?? {}).map((name) => ({ name }));
  return (
    <div className="table-wrap" style={{ maxHeight: '60vh' }}>
      <table className="data">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {cols.map((c) => {
              const sorted = sort?.column === c.name ? (sort.ascending ? 'ascending' : 'descending') : undefined;
              return (
                <th key={c.name} scope="col" aria-sort={onSort ? sorted ?? 'none' : undefined}>
                  {onSort ? (
                    <button onClick={() => onSort(c.name)} title={`Sort by ${c.name}`}>
                      {c.name}{c.type && <span className="type">{c.type}</span>}
                      <span aria-hidden="true">{sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
                    </button>
                  ) : <>{c.name}{c.type && <span className="type">{c.type}</span>}</>}
                </th>
              );
            })}
            {actions && <th scope="col"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {cols.map((c) => {
                const v = r[c.name];
                return <td key={c.name} className={v === null || v === undefined ? 'null' : undefined} title={cellText(v)}>{cellText(v)}</td>;
              })}
              {actions && <td className="row-actions">{actions(r)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
