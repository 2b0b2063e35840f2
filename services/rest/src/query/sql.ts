// The only way names and values enter SQL: identifiers through `ident` (always double-quoted), values
// through `Params.add` (always `$n`). Cast type names go through `castType` (known names only, else quoted).
import { restError } from '../errors.ts';

/** A quoted identifier; names with NUL are refused (the wire protocol would cut the statement there). */
export function ident(name: string): string {
  if (name.includes('\0')) throw restError('PGRST100', { message: 'Identifiers cannot contain NUL characters' }, { details: null });
  return `"${name.replaceAll('"', '""')}"`;
}

export const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`;

/** Bound parameters of one statement. `add` returns the placeholder, with an optional cast. */
export class Params {
  readonly values: unknown[] = [];
  private readonly seen = new Map<string, number>();
  /**
   * Equal typed values share one placeholder, so an expression (a JSON path) is spelled the same in SELECT,
   * GROUP BY and ORDER BY. Untyped values never share: their type comes from where they are used.
   */
  add(value: unknown, cast?: string): string {
    const key = cast && typeof value === 'string' ? `${cast}\0${value}` : undefined;
    let n = key === undefined ? undefined : this.seen.get(key);
    if (n === undefined) {
      this.values.push(value);
      n = this.values.length;
      if (key !== undefined) this.seen.set(key, n);
    }
    return cast ? `$${n}::${cast}` : `$${n}`;
  }
}

/** Postgres names for types that are keywords or multi-word; anything else is quoted as an identifier. */
const KNOWN_TYPES = new Set([
  'int', 'integer', 'smallint', 'bigint', 'int2', 'int4', 'int8', 'real', 'float', 'float4', 'float8', 'double precision',
  'numeric', 'decimal', 'boolean', 'bool', 'text', 'varchar', 'char', 'character', 'character varying', 'name',
  'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'time with time zone', 'time without time zone',
  'timestamp with time zone', 'timestamp without time zone', 'json', 'jsonb', 'uuid', 'bytea', 'money', 'inet', 'cidr',
  'macaddr', 'tsvector', 'tsquery', 'xml', 'oid', 'regclass', 'bit', 'bit varying', 'point', 'int4range', 'int8range',
  'numrange', 'tsrange', 'tstzrange', 'daterange', 'citext',
]);

/** SQL for a `::type` cast taken from the URL (letters, digits, `_`, `$`, spaces only). */
export function castType(raw: string): string {
  const norm = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  if (KNOWN_TYPES.has(norm)) return norm;
  return ident(raw.trim());
}

/** A `text[]` literal for `= ANY($n)` style parameters. */
export function pgArrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
