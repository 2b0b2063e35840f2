// The grid's filters: pick a column, an operator and a value, add it; applied filters are listed with a remove
// button each. They become PostgREST filters (`col=op.value`), all of them applying (and).
import { useState } from 'react';
import { FILTER_OPERATORS, type FilterOperator, type RowFilter } from '../api/rest-query.ts';
import type { ColumnInfo } from '../api/fetchers/tables.ts';
import { Button } from '../components/ui.tsx';

const label = (op: FilterOperator) => FILTER_OPERATORS.find((o) => o.op === op)?.label ?? op;

export function FilterBar({ columns, filters, onChange }: { columns: ColumnInfo[]; filters: RowFilter[]; onChange: (f: RowFilter[]) => void }) {
  const [column, setColumn] = useState('');
  const [operator, setOperator] = useState<FilterOperator>('eq');
  const [value, setValue] = useState('');
  const col = column || columns[0]?.name || '';
  const add = () => {
    if (!col) return;
    onChange([...filters, { column: col, operator, value }]);
    setValue('');
  };
  return (
    <div className="filters">
      <form className="toolbar" aria-label="Filter rows" onSubmit={(e) => { e.preventDefault(); add(); }}>
        <div className="field">
          <label htmlFor="filter-column">Filter column</label>
          <select id="filter-column" value={col} onChange={(e) => setColumn(e.target.value)}>
            {columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-operator">Operator</label>
          <select id="filter-operator" value={operator} onChange={(e) => setOperator(e.target.value as FilterOperator)}>
            {FILTER_OPERATORS.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="filter-value">Value</label>
          <input id="filter-value" value={value} onChange={(e) => setValue(e.target.value)}
            placeholder={operator === 'is' ? 'null, not_null, true or false' : operator === 'in' ? 'a, b, c' : 'Value'} />
        </div>
        <Button type="submit" disabled={!col}>Add filter</Button>
      </form>
      {filters.length > 0 && (
        <ul className="filter-list" aria-label="Applied filters">
          {filters.map((f, i) => (
            <li key={i} className="badge">
              <span><strong>{f.column}</strong> {label(f.operator)} <code>{f.value}</code></span>
              <button type="button" className="link" aria-label={`Remove filter ${f.column} ${label(f.operator)} ${f.value}`}
                onClick={() => onChange(filters.filter((_, j) => j !== i))}>×</button>
            </li>
          ))}
          <li><Button small onClick={() => onChange([])}>Clear filters</Button></li>
        </ul>
      )}
    </div>
  );
}
