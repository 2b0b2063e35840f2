// Insert or edit one row: a field per writable column (json as JSON text, booleans as a choice, a NULL flag
// for nullable columns). Insert leaves empty fields out (defaults apply); edit sends only what changed.
// PostgREST's error (message, details, hint) is shown in the dialog.
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { ColumnInfo } from '../api/fetchers/tables.ts';
import type { Row } from '../api/types.ts';
import { useInsertRowMutation, useUpdateRowMutation, type RowTarget } from '../data/table-editor.ts';
import { emptyForm, emptyMeans, formOf, insertBody, updateBody, writableColumns, type FieldState, type FormState } from '../data/table-editor-values.ts';
import { Modal } from '../components/modal.tsx';
import { Button, ErrorBox } from '../components/ui.tsx';

export function RowFormModal({ projectRef, target, columns, row, onClose }: {
  projectRef: string; target: RowTarget; columns: ColumnInfo[]; row: Row | null; onClose: () => void;
}) {
  const initial = useMemo(() => (row ? formOf(columns, row) : emptyForm(columns)), [columns, row]);
  const [form, setForm] = useState<FormState>(initial);
  const [invalid, setInvalid] = useState<unknown>(null);
  const insert = useInsertRowMutation(projectRef, target);
  const update = useUpdateRowMutation(projectRef, target);
  const m = row ? update : insert;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setInvalid(null);
    try {
      if (row) {
        const changes = updateBody(columns, initial, form);
        if (!Object.keys(changes).length) { onClose(); return; }
        update.mutate({ row, changes }, { onSuccess: onClose });
      } else {
        insert.mutate(insertBody(columns, form), { onSuccess: onClose });
      }
    } catch (err) {
      setInvalid(err);
    }
  };
  const set = (name: string, f: FieldState) => setForm((s) => ({ ...s, [name]: f }));
  return (
    <Modal title={row ? 'Edit row' : 'Insert row'} onClose={onClose} description={`${target.schema}.${target.table}`}>
      <form onSubmit={submit} noValidate>
        {writableColumns(columns).map((c) => (
          <ColumnField key={c.name} column={c} value={form[c.name]} onChange={(f) => set(c.name, f)} inserting={!row} />
        ))}
        <ErrorBox error={invalid ?? m.error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={m.isPending}>{m.isPending ? 'Saving…' : row ? 'Save row' : 'Insert row'}</button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

function ColumnField({ column: c, value, onChange, inserting }: {
  column: ColumnInfo; value: FieldState; onChange: (f: FieldState) => void; inserting: boolean;
}) {
  const id = useId();
  const hint = `${c.data_type}${c.is_primary_key ? ' · primary key' : ''}${inserting ? ` · empty: ${emptyMeans(c)}` : ''}`;
  const common = { id, 'aria-describedby': `${id}-hint`, disabled: value.isNull };
  return (
    <div className="field">
      <label htmlFor={id}>{c.name}</label>
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        {c.data_type === 'boolean' ? (
          <select {...common} value={value.text} onChange={(e) => onChange({ ...value, text: e.target.value })}>
            <option value="">{inserting ? `(${emptyMeans(c)})` : '(empty)'}</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : c.data_type === 'json' || c.data_type === 'jsonb' ? (
          <textarea {...common} rows={3} value={value.text} onChange={(e) => onChange({ ...value, text: e.target.value })} spellCheck={false} />
        ) : (
          <input {...common} value={value.text} onChange={(e) => onChange({ ...value, text: e.target.value })}
            placeholder={inserting ? emptyMeans(c) : undefined} spellCheck={false} autoComplete="off" />
        )}
        {c.nullable && (
          <label className="null-flag">
            <input type="checkbox" checked={value.isNull} onChange={(e) => onChange({ ...value, isNull: e.target.checked })}
              aria-label={`${c.name} is NULL`} />
            <span aria-hidden="true">NULL</span>
          </label>
        )}
      </div>
      <div id={`${id}-hint`} className="field-hint">{hint}</div>
    </div>
  );
}
