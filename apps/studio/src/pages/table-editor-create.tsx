// "New table": a name, columns (name, type, default, primary key, nullable, identity) and Row Level Security
// on by default. The DDL it runs is shown before it runs; errors are Postgres' own.
import { useId, useState, type FormEvent } from 'react';
import { COLUMN_TYPES, canBeIdentity, createTableSql, tableProblems, type ColumnType, type NewColumn } from '../api/fetchers/table-ddl.ts';
import { useCreateTableMutation } from '../data/table-editor.ts';
import { Modal } from '../components/modal.tsx';
import { Button, CheckField, ErrorBox, Field } from '../components/ui.tsx';

const STARTING_COLUMNS: NewColumn[] = [
  { name: 'id', type: 'int8', nullable: false, default: '', primaryKey: true, identity: true },
  { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()', primaryKey: false, identity: false },
];
const BLANK: NewColumn = { name: '', type: 'text', nullable: true, default: '', primaryKey: false, identity: false };

export function CreateTableModal({ projectRef, schema, onClose, onCreated }: {
  projectRef: string; schema: string; onClose: () => void; onCreated: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const [rls, setRls] = useState(true);
  const [columns, setColumns] = useState<NewColumn[]>(STARTING_COLUMNS);
  const [tried, setTried] = useState(false);
  const create = useCreateTableMutation(projectRef);
  const def = { schema, name, comment, rls, columns };
  const problems = tableProblems(def);
  const change = (i: number, c: Partial<NewColumn>) => setColumns((cs) => cs.map((x, j) => (j === i ? { ...x, ...c } : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!problems.length) create.mutate(def, { onSuccess: () => onCreated(name.trim()) });
  };
  return (
    <Modal title="New table" onClose={onClose} wide description={`In the ${schema} schema, created as the project owner.`}>
      <form onSubmit={submit} noValidate>
        <Field label="Table name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} required />
        <Field label="Description" value={comment} onChange={(e) => setComment(e.target.value)} hint="Optional: kept as the table's comment." />
        <CheckField label="Enable Row Level Security (RLS)" checked={rls} onChange={(e) => setRls(e.target.checked)}
          hint={rls ? 'Recommended. With no policies yet, the anon and authenticated roles see no rows; the service role and the SQL editor still do. Add policies in the SQL editor.'
            : 'Anyone with the anon key can read and write this table through the API.'} />
        <h3>Columns</h3>
        <div className="column-defs">
          {columns.map((c, i) => (
            <ColumnRow key={i} index={i} column={c} onChange={(x) => change(i, x)}
              onRemove={columns.length > 1 ? () => setColumns((cs) => cs.filter((_, j) => j !== i)) : undefined} />
          ))}
        </div>
        <p><Button onClick={() => setColumns((cs) => [...cs, { ...BLANK }])}>Add column</Button></p>
        {tried && problems.length > 0 && <div className="error" role="alert">{problems.join('\n')}</div>}
        {!problems.length && (
          <details className="field">
            <summary>SQL to run</summary>
            <pre className="snippet">{createTableSql(def)}</pre>
          </details>
        )}
        <ErrorBox error={create.error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create table'}</button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

function ColumnRow({ index, column: c, onChange, onRemove }: {
  index: number; column: NewColumn; onChange: (c: Partial<NewColumn>) => void; onRemove?: () => void;
}) {
  const id = useId();
  const title = `Column ${index + 1}`;
  return (
    <fieldset className="column-def">
      <legend>{title}{c.name ? `: ${c.name}` : ''}</legend>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={c.name} onChange={(e) => onChange({ name: e.target.value })} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} value={c.type}
          onChange={(e) => { const type = e.target.value as ColumnType; onChange({ type, identity: c.identity && canBeIdentity(type) }); }}>
          {COLUMN_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-default`}>Default value</label>
        <input id={`${id}-default`} value={c.default} onChange={(e) => onChange({ default: e.target.value })} disabled={c.identity}
          placeholder={c.identity ? 'Identity' : "SQL: now(), 0, 'draft'"} autoComplete="off" spellCheck={false} />
      </div>
      <div className="column-flags">
        <CheckField label="Primary key" checked={c.primaryKey} onChange={(e) => onChange({ primaryKey: e.target.checked })} />
        <CheckField label="Nullable" checked={c.nullable && !c.primaryKey} disabled={c.primaryKey} onChange={(e) => onChange({ nullable: e.target.checked })} />
        {canBeIdentity(c.type) && (
          <CheckField label="Identity" checked={c.identity} onChange={(e) => onChange({ identity: e.target.checked, default: '' })} />
        )}
        {onRemove && <Button small onClick={onRemove} aria-label={`Remove ${title}`}>Remove</Button>}
      </div>
    </fieldset>
  );
}
