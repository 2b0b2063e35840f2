// Listing queries: v1 through `storage.search` (one level, folders first) and v2 (cursor pages, optional
// delimiter). Both run in the caller's scope, so SELECT policies decide what is listed.
import { ts } from './columns.ts';
import type { Client } from './scope.ts';

export interface SearchRow {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: Record<string, unknown> | null;
}

export interface SearchV1Query {
  prefix: string;
  limit: number;
  offset: number;
  search: string;
  sortColumn: string;
  sortOrder: string;
}

export async function searchV1(c: Client, bucketId: string, q: SearchV1Query): Promise<SearchRow[]> {
  const levels = q.prefix === '' ? 1 : q.prefix.split('/').length;
  const r = await c.query<SearchRow>(
    `select name, id, ${ts('updated_at')}, ${ts('created_at')}, ${ts('last_accessed_at')}, metadata
     from storage.search($1, $2, $3, $4, $5, $6, $7, $8)`,
    [q.prefix, bucketId, q.limit, levels, q.offset, q.search, q.sortColumn, q.sortOrder],
  );
  return r.rows;
}

export interface ListV2Query {
  prefix: string;
  delimiter: boolean;
  limit: number;
  sortColumn: 'name' | 'updated_at' | 'created_at';
  sortOrder: 'asc' | 'desc';
  /** Resume after this key (and, for time sorts, this timestamp). */
  after?: { key: string; value?: string };
}

export interface ListV2Row extends SearchRow { is_folder: boolean }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** One page (limit + 1 rows, so the caller knows whether there is more). */
export async function listV2(c: Client, bucketId: string, q: ListV2Query): Promise<ListV2Row[]> {
  const dir = q.sortOrder === 'desc' ? 'desc' : 'asc';
  const cmp = dir === 'desc' ? '<' : '>';
  const params: unknown[] = [bucketId, q.prefix.length, `${escapeLike(q.prefix)}%`, q.limit + 1];
  const useCol = !q.delimiter && q.sortColumn !== 'name';
  let cursor = '';
  if (q.after) {
    params.push(q.after.key);
    if (useCol && q.after.value) {
      params.push(q.after.value);
      cursor = `where (entries.${q.sortColumn}, key) ${cmp} ($${params.length}::timestamptz, $${params.length - 1}::text collate "C")`;
    } else {
      cursor = `where key ${cmp} $${params.length}::text collate "C"`;
    }
  }
  const keyExpr = q.delimiter
    ? `(case when p > 0 then left(name, $2::int + p) else name end) collate "C"`
    : `name collate "C"`;
  const order = useCol ? `entries.${q.sortColumn} ${dir}, key ${dir}` : `key ${dir}`;
  const r = await c.query<ListV2Row>(
    `with lvl as (
       select ${keyExpr} as key, p > 0 as is_folder, id, updated_at, created_at, last_accessed_at, metadata
       from (select o.*, ${q.delimiter ? `strpos(substr(o.name, $2::int + 1), '/')` : '0 * $2::int'} as p
             from storage.objects o where o.bucket_id = $1 and o.name like $3) s
     ),
     entries as (
       select distinct on (key) key, is_folder,
         case when is_folder then null else id end as id,
         case when is_folder then null else updated_at end as updated_at,
         case when is_folder then null else created_at end as created_at,
         case when is_folder then null else last_accessed_at end as last_accessed_at,
         case when is_folder then null else metadata end as metadata
       from lvl order by key, is_folder desc
     )
     select key as name, is_folder, id, ${ts('updated_at')}, ${ts('created_at')}, ${ts('last_accessed_at')}, metadata
     from entries ${cursor} order by ${order} limit $4`,
    params,
  );
  return r.rows;
}
