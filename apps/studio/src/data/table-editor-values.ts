// The row form's values: a row's cells as editable text (with a NULL flag), and back to the JSON body a
// PostgREST insert or update takes. Pure; the form and the tests share it.
import type { ColumnInfo } from '../api/fetchers/tables.ts';
import type { Row } from '../api/types.ts';

export interface FieldState { text: string; isNull: boolean }
export type FormState = Record<string, FieldState>;

const isJson = (c: ColumnInfo) => c.data_type === 'json' || c.data_type === 'jsonb';

/** Columns a form may write: generated columns are computed by the database. */
export const writableColumns = (columns: ColumnInfo[]) => columns.filter((c) => !c.is_generated);

/** A cell as the text a form shows: objects (json, arrays) as JSON, NULL as an empty field with its flag set. */
export function fieldOf(v: unknown): FieldState {
  if (v === null || v === undefined) return { text: '', isNull: true };
  return { text: typeof v === 'object' ? JSON.stringify(v) : String(v), isNull: false };
}

export function emptyForm(columns: ColumnInfo[]): FormState {
  return Object.fromEntries(writableColumns(columns).map((c) => [c.name, { text: '', isNull: false }]));
}

export function formOf(columns: ColumnInfo[], row: Row): FormState {
  return Object.fromEntries(writableColumns(columns).map((c) => [c.name, fieldOf(row[c.name])]));
}

/** One field's JSON value: json/jsonb columns parse their text, everything else goes as text (Postgres casts). */
export function valueOf(c: ColumnInfo, f: FieldState): unknown {
  if (f.isNull) return null;
  if (!isJson(c)) return f.text;
  try {
    return JSON.parse(f.text);
  } catch {
    throw new Error(`${c.name}: not valid JSON`);
  }
}

/** The body of an insert: empty fields are left out so their defaults (or identity) apply. */
export function insertBody(columns: ColumnInfo[], form: FormState): Row {
  const body: Row = {};
  for (const c of writableColumns(columns)) {
    const f = form[c.name];
    if (!f || (!f.isNull && f.text === '')) continue;
    body[c.name] = valueOf(c, f);
  }
  return body;
}

/** The body of an update: only the fields that changed from what the form started with. */
export function updateBody(columns: ColumnInfo[], initial: FormState, form: FormState): Row {
  const body: Row = {};
  for (const c of writableColumns(columns)) {
    const [a, b] = [initial[c.name], form[c.name]];
    if (!b || (a && a.text === b.text && a.isNull === b.isNull)) continue;
    body[c.name] = valueOf(c, b);
  }
  return body;
}

/** What the field's placeholder says happens when it is left empty on insert. */
export function emptyMeans(c: ColumnInfo): string {
  if (c.is_identity) return 'Generated (identity)';
  if (c.default_value) return `Default: ${c.default_value}`;
  return c.nullable ? 'NULL' : 'Required';
}
