// Pure builders of the table editor's PostgREST requests: filters (column, operator, value -> `col=op.value`),
// order, limit/offset, the primary-key match of one row, and the total read from `Content-Range`. No I/O.

export const FILTER_OPERATORS = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'not equal' },
  { op: 'gt', label: 'greater than' },
  { op: 'gte', label: 'greater or equal' },
  { op: 'lt', label: 'less than' },
  { op: 'lte', label: 'less or equal' },
  { op: 'like', label: 'like (% wildcard)' },
  { op: 'ilike', label: 'ilike (case-insensitive)' },
  { op: 'in', label: 'in (comma-separated)' },
  { op: 'is', label: 'is (null, true, false)' },
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number]['op'];

export interface RowFilter { column: string; operator: FilterOperator; value: string }

export interface RowsOrder { column: string; ascending: boolean }

/** The `in` list as PostgREST reads it: `(a,"b,c")`, values with reserved characters double-quoted. */
export function inList(value: string): string {
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return `(${items.map((v) => (/[,()"\\]/.test(v) ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : v)).join(',')})`;
}

/** `is` takes only null, not_null, true, false, unknown (PostgREST v12+); anything else is refused by the API. */
export const isValue = (value: string) => value.trim().toLowerCase();

/** One filter as a query-string value: `eq.5`, `in.(1,2)`, `is.null`. */
export function filterValue(f: RowFilter): string {
  if (f.operator === 'in') return `in.${inList(f.value)}`;
  if (f.operator === 'is') return `is.${isValue(f.value)}`;
  return `${f.operator}.${f.value}`;
}

export interface RestRowsQuery { filters?: RowFilter[]; order?: RowsOrder; limit: number; offset: number }

/** The query string of a page of rows: `select=*`, each filter, `order`, `limit`, `offset`. */
export function rowsSearch(q: RestRowsQuery): URLSearchParams {
  const s = new URLSearchParams({ select: '*' });
  for (const f of q.filters ?? []) s.append(f.column, filterValue(f));
  if (q.order) s.set('order', `${q.order.column}.${q.order.ascending ? 'asc' : 'desc'}.nullslast`);
  s.set('limit', String(q.limit));
  s.set('offset', String(q.offset));
  return s;
}

/** The total after the slash of `Content-Range: 0-99/150` (or `*\/0`); undefined when the server did not count. */
export function totalFromContentRange(header: string | null): number | undefined {
  const m = /\/(\d+)\s*$/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Text of a value as a filter operand: strings as they are, other values as JSON. */
export const operand = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The query string that matches exactly one row by its primary key (`id=eq.5&org=eq.a`). Throws when the
 * table has no primary key or a key value is missing: writing by any other match could change many rows.
 */
export function primaryKeyMatch(pk: string[], row: Record<string, unknown>): URLSearchParams {
  if (!pk.length) throw new Error('This table has no primary key: rows cannot be edited or deleted one by one');
  const s = new URLSearchParams();
  for (const c of pk) {
    const v = row[c];
    if (v === null || v === undefined) throw new Error(`The row has no value for its primary key column ${c}`);
    s.append(c, `eq.${operand(v)}`);
  }
  return s;
}
