// Column lookups for the planner: a name that is not a column of the relation is Postgres' own error
// (42703, 400) raised before any SQL is built, so no unresolved name ever reaches the query builder.
import type { Field } from '../api-request/types.ts';
import { fromPgError } from '../sql-state.ts';
import type { ColumnRef } from './types.ts';

export interface ColumnSet {
  name: string;
  columns: ReadonlyArray<{ name: string; type: string }>;
  /** Computed fields (functions of the row) usable like columns, never part of `*`. */
  computed?: ReadonlyArray<{ name: string; type: string }>;
}

const JSON_TYPES = new Set(['json', 'jsonb']);

export function undefinedColumn(relation: string, column: string) {
  return fromPgError({ code: '42703', message: `column ${relation}.${column} does not exist` }, { authenticated: false });
}

export function columnRef(rel: ColumnSet, field: Field): ColumnRef {
  const col = rel.columns.find((c) => c.name === field.name) ?? rel.computed?.find((c) => c.name === field.name);
  if (!col) throw undefinedColumn(rel.name, field.name);
  return { column: col.name, jsonPath: field.jsonPath, toJson: field.jsonPath.length > 0 && !JSON_TYPES.has(col.type) };
}

export function columnType(rel: ColumnSet, name: string): string {
  return (rel.columns.find((c) => c.name === name) ?? rel.computed?.find((c) => c.name === name))?.type ?? '';
}

/** The JSON key of a selected field: its alias, else the last JSON key of its path, else the column name. */
export function fieldKey(field: Field, alias: string | undefined): string {
  if (alias !== undefined) return alias;
  for (let i = field.jsonPath.length - 1; i >= 0; i--) {
    const step = field.jsonPath[i]!;
    if ('key' in step) return step.key;
  }
  return field.name;
}
