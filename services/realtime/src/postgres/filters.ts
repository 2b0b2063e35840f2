// postgres_changes subscription params: parsing (`col=[not.]op.value`, comma-separated AND, quoted values,
// `in.(a,b)`) with Supabase Realtime's error messages, and evaluation of the filters against a change's
// record in JS. Values are compared by the column's type: numbers as numbers, timestamps as instants,
// json by value, everything else as text (code-point order, not the database collation).
export type FilterOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'like' | 'ilike' | 'is' | 'match' | 'imatch' | 'isdistinct';
const OPS: readonly string[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'like', 'ilike', 'is', 'match', 'imatch', 'isdistinct'];

export interface Filter {
  column: string;
  op: FilterOp;
  value: string;
  negate: boolean;
  list?: string[];
  regex?: RegExp;
}

export type PgEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface PgParams {
  event: PgEvent;
  schema: string;
  table: string;
  filters: Filter[];
  select: string[] | null;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const inspect = (parts: string[]) => `[${parts.map((p) => JSON.stringify(p)).join(', ')}]`;

/** Splits on top-level commas: not inside parentheses, not inside a quoted value. */
export function splitTopLevel(s: string, startPrev = ''): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  let prev = startPrev;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\' && i + 1 < s.length) { cur += c + s[++i]; prev = s[i]; continue; }
      if (c === '"') quoted = false;
      cur += c;
    } else if (c === '"' && (prev === '.' || prev === '(' || prev === ',')) {
      quoted = true;
      cur += c;
    } else if (c === '(') { depth++; cur += c; } else if (c === ')') { depth = Math.max(0, depth - 1); cur += c; } else if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      prev = ',';
      continue;
    } else cur += c;
    prev = c;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '\\' && i + 1 < v.length) { out += v[++i]; continue; }
    if (c === '"') return i === v.length - 1 ? out : v;
    out += c;
  }
  return v;
}

/** `a,"b,c",d` (the inside of in.(...)) -> ['a', 'b,c', 'd']. */
function parseList(inner: string): string[] {
  if (inner.trim() === '') return [];
  return splitTopLevel(inner, ',').map((x) => unquote(x.trim()));
}

function likeToRegex(pattern: string, flags: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags);
}

function parseSegment(segment: string): Parsed<Filter> {
  const trimmed = segment.trim();
  if (!trimmed) return { ok: false, error: 'filter must not contain empty segments (check for extra commas)' };
  const eq = trimmed.indexOf('=');
  if (eq < 0) return { ok: false, error: inspect([trimmed]) };
  const column = trimmed.slice(0, eq);
  let rest = trimmed.slice(eq + 1);
  const negate = rest.startsWith('not.');
  if (negate) rest = rest.slice(4);
  const dot = rest.indexOf('.');
  if (dot < 0) return { ok: false, error: inspect([column, rest]) };
  const op = rest.slice(0, dot);
  const raw = rest.slice(dot + 1);
  if (!OPS.includes(op)) return { ok: false, error: inspect([op, raw]) };
  const f: Filter = { column, op: op as FilterOp, value: raw, negate };
  if (op === 'in') {
    if (raw.length < 2 || !raw.startsWith('(') || !raw.endsWith(')')) return { ok: false, error: '`in` filter value must be wrapped by parentheses' };
    f.list = parseList(raw.slice(1, -1));
    return { ok: true, value: f };
  }
  f.value = unquote(raw);
  try {
    if (op === 'like' || op === 'ilike') f.regex = likeToRegex(f.value, op === 'ilike' ? 'i' : '');
    if (op === 'match' || op === 'imatch') f.regex = new RegExp(f.value, op === 'imatch' ? 'i' : '');
  } catch {
    return { ok: false, error: inspect([op, raw]) };
  }
  if (op === 'is' && !['null', 'true', 'false', 'unknown'].includes(f.value.toLowerCase())) {
    return { ok: false, error: inspect([op, raw]) };
  }
  return { ok: true, value: f };
}

export function parseFilters(filter: string): Parsed<Filter[]> {
  if (filter.trim() === '') return { ok: true, value: [] };
  const out: Filter[] = [];
  for (const seg of splitTopLevel(filter.trim())) {
    const p = parseSegment(seg);
    if (!p.ok) return { ok: false, error: `Error parsing \`filter\` params: ${p.error}` };
    out.push(p.value);
  }
  return { ok: true, value: out };
}

function eventOf(v: unknown): PgEvent {
  if (typeof v !== 'string') return '*';
  const u = v.toUpperCase();
  return u === 'INSERT' || u === 'UPDATE' || u === 'DELETE' ? u : '*';
}

/** One entry of `config.postgres_changes`, as Supabase Realtime reads it. */
export function parseSubscriptionParams(raw: unknown): Parsed<PgParams> {
  const p = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const noParams = { ok: false as const, error: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${JSON.stringify(p)}` };
  let select: string[] | null = null;
  if (typeof p.select === 'string') return { ok: false, error: 'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]' };
  if (Array.isArray(p.select)) {
    const cols = p.select.filter((c): c is string => typeof c === 'string');
    select = cols.length ? cols : null;
  }
  const has = (k: string) => p[k] !== undefined && p[k] !== null;
  let schema: string;
  let table: string;
  let filters: Filter[] = [];
  if (typeof p.schema === 'string' && typeof p.table === 'string') {
    schema = p.schema;
    table = p.table;
    if (has('filter')) {
      if (typeof p.filter !== 'string') return noParams;
      const f = parseFilters(p.filter);
      if (!f.ok) return f;
      filters = f.value;
    }
  } else if (typeof p.schema === 'string' && !has('table') && !has('filter')) {
    schema = p.schema;
    table = '*';
  } else if (typeof p.table === 'string' && !has('schema') && !has('filter')) {
    schema = 'public';
    table = p.table;
  } else return noParams;
  if (select && (schema === '*' || table === '*')) {
    return { ok: false, error: 'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.' };
  }
  return { ok: true, value: { event: eventOf(p.event), schema, table, filters, select } };
}

// ---- evaluation ----

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);
const INSTANT = new Set(['timestamptz', 'timestamp', 'date']);

function instant(v: string, type: string): number {
  const s = type === 'timestamptz' || /[zZ]|[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v.replace(' ', 'T')}Z`;
  return Date.parse(s);
}

function boolOf(v: string): boolean | null {
  const s = v.trim().toLowerCase();
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(s)) return true;
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(s)) return false;
  return null;
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

/** Compares a record value with a filter literal: <0, 0, >0, or null when they cannot be compared. */
export function compareTo(value: unknown, literal: string, type: string): number | null {
  if (NUMERIC.has(type)) {
    const a = typeof value === 'number' ? value : Number(value);
    const b = Number(literal);
    return Number.isNaN(a) || Number.isNaN(b) ? null : a === b ? 0 : a < b ? -1 : 1;
  }
  if (type === 'bool') {
    const b = boolOf(literal);
    const a = typeof value === 'boolean' ? value : boolOf(String(value));
    return a === null || b === null ? null : Number(a) - Number(b);
  }
  if (INSTANT.has(type)) {
    const a = instant(String(value), type);
    const b = instant(literal, type);
    return Number.isNaN(a) || Number.isNaN(b) ? null : a === b ? 0 : a < b ? -1 : 1;
  }
  if (type === 'json' || type === 'jsonb') {
    let b: unknown;
    try { b = JSON.parse(literal); } catch { b = literal; }
    const x = canonical(value);
    const y = canonical(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const a = type === 'uuid' ? String(value).toLowerCase() : typeof value === 'string' ? value : JSON.stringify(value);
  const b = type === 'uuid' ? literal.toLowerCase() : literal;
  return a === b ? 0 : a < b ? -1 : 1;
}

function test(f: Filter, value: unknown, type: string): boolean | null {
  switch (f.op) {
    case 'is': {
      const want = f.value.toLowerCase();
      if (want === 'null' || want === 'unknown') return value === null;
      return value === (want === 'true');
    }
    case 'isdistinct':
      if (value === null) return true;
      return compareTo(value, f.value, type) !== 0;
    default:
      break;
  }
  if (value === null || value === undefined) return null;
  if (f.op === 'in') return f.list!.some((l) => compareTo(value, l, type) === 0);
  if (f.regex) return f.regex.test(typeof value === 'string' ? value : JSON.stringify(value));
  const c = compareTo(value, f.value, type);
  if (c === null) return null;
  switch (f.op) {
    case 'eq': return c === 0;
    case 'neq': return c !== 0;
    case 'lt': return c < 0;
    case 'lte': return c <= 0;
    case 'gt': return c > 0;
    case 'gte': return c >= 0;
    default: return null;
  }
}

/**
 * True when every filter holds for `record`. A filter on a column the record does not carry passes (a DELETE
 * without REPLICA IDENTITY FULL only has the primary key); a comparison with NULL fails, as in SQL.
 */
export function matchesFilters(filters: readonly Filter[], record: Record<string, unknown> | null, types: ReadonlyMap<string, string>): boolean {
  if (filters.length === 0) return true;
  if (!record) return false;
  for (const f of filters) {
    if (!(f.column in record)) continue;
    const r = test(f, record[f.column], types.get(f.column) ?? 'text');
    if (r === null) return false;
    if ((f.negate ? !r : r) === false) return false;
  }
  return true;
}
