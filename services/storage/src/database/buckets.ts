// Queries on storage.buckets. Each takes a client from a StorageDb scope, so RLS applies to callers.
import { BUCKET_COLUMNS } from './columns.ts';
import type { Client } from './scope.ts';
import type { Bucket } from '../types.ts';

export interface ListBucketsQuery {
  limit?: number;
  offset?: number;
  search?: string;
  sortColumn?: 'id' | 'name' | 'created_at' | 'updated_at';
  sortOrder?: 'asc' | 'desc';
}

export interface BucketWrite {
  id: string;
  name: string;
  public?: boolean;
  file_size_limit?: number | null;
  allowed_mime_types?: string[] | null;
  type?: string;
  owner?: string | null;
  owner_id?: string | null;
}

export async function findBucket(c: Client, id: string, opts: { forShare?: boolean } = {}): Promise<Bucket | null> {
  const lock = opts.forShare ? ' for share' : '';
  const r = await c.query<Bucket>(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1${lock}`, [id]);
  return r.rows[0] ?? null;
}

export async function listBuckets(c: Client, q: ListBucketsQuery): Promise<Bucket[]> {
  const col = q.sortColumn ?? 'name';
  const order = q.sortOrder === 'desc' ? 'desc' : 'asc';
  const params: unknown[] = [];
  let where = '';
  if (q.search) {
    params.push(`%${q.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where = `where name ilike $${params.length}`;
  }
  params.push(q.limit ?? null, q.offset ?? 0);
  const r = await c.query<Bucket>(
    `select ${BUCKET_COLUMNS} from storage.buckets ${where} order by ${col} ${order}, id ${order} limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return r.rows;
}

export async function insertBucket(c: Client, b: BucketWrite): Promise<void> {
  await c.query(
    `insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types, type, owner, owner_id)
     values ($1, $2, $3, $4, $5, coalesce($6, 'STANDARD')::storage.buckettype, $7, $8)`,
    [b.id, b.name, b.public ?? false, b.file_size_limit ?? null, b.allowed_mime_types ?? null, b.type ?? null, b.owner ?? null, b.owner_id ?? null],
  );
}

export async function updateBucket(c: Client, id: string, patch: { public?: boolean; file_size_limit?: number | null; allowed_mime_types?: string[] | null }): Promise<number> {
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [id];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    params.push(v);
    sets.push(`${k} = $${params.length}`);
  }
  const r = await c.query(`update storage.buckets set ${sets.join(', ')} where id = $1`, params);
  return r.rowCount ?? 0;
}

export async function deleteBucket(c: Client, id: string): Promise<number> {
  const r = await c.query('delete from storage.buckets where id = $1', [id]);
  return r.rowCount ?? 0;
}

export async function bucketHasObjects(c: Client, id: string): Promise<boolean> {
  const r = await c.query('select 1 from storage.objects where bucket_id = $1 limit 1', [id]);
  return (r.rowCount ?? 0) > 0;
}
