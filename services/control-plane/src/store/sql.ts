// Shared helpers of the store: the query interface both a Db and a transaction client offer, row mapping.
import type { Db } from '@powabase/db';

/** A Db or a client inside `db.tx`: all the store needs. */
export type Queryable = Pick<Db, 'query'>;

export function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

export function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}

/** True when a Postgres error is a unique violation (23505). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}
