// Queries on storage.objects. Writes never use RETURNING on behalf of a caller (it would demand a SELECT
// policy an upload-only policy set does not grant), so ids are made here.
import { OBJECT_COLUMNS } from './columns.ts';
import type { Client } from './scope.ts';
import type { ObjectMetadata, ObjectRow } from '../types.ts';

export interface ObjectWrite {
  id: string;
  bucket_id: string;
  name: string;
  version: string;
  owner: string | null;
  owner_id: string | null;
  metadata: ObjectMetadata | Record<string, never> | null;
  user_metadata: Record<string, unknown> | null;
}

export async function findObject(c: Client, bucketId: string, name: string, opts: { forUpdate?: boolean } = {}): Promise<ObjectRow | null> {
  const r = await c.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2${opts.forUpdate ? ' for update' : ''}`,
    [bucketId, name],
  );
  return r.rows[0] ?? null;
}

export async function findObjects(c: Client, bucketId: string, names: readonly string[]): Promise<ObjectRow[]> {
  const r = await c.query<ObjectRow>(`select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = any($2::text[])`, [bucketId, names]);
  return r.rows;
}

/** Serialises writers of one key for the rest of the transaction. */
export async function lockObject(c: Client, bucketId: string, name: string): Promise<void> {
  await c.query("select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))", [bucketId, name]);
}

const WRITE_COLUMNS = '(id, bucket_id, name, version, owner, owner_id, metadata, user_metadata)';
const writeParams = (o: ObjectWrite) => [o.id, o.bucket_id, o.name, o.version, o.owner, o.owner_id,
  o.metadata === null ? null : JSON.stringify(o.metadata), o.user_metadata === null ? null : JSON.stringify(o.user_metadata)];

export async function insertObject(c: Client, o: ObjectWrite): Promise<void> {
  await c.query(`insert into storage.objects ${WRITE_COLUMNS} values ($1, $2, $3, $4, $5, $6, $7, $8)`, writeParams(o));
}

/** Insert, or replace the bytes and metadata of the existing row (its id and created_at stay). */
export async function upsertObject(c: Client, o: ObjectWrite): Promise<void> {
  await c.query(
    `insert into storage.objects ${WRITE_COLUMNS} values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (bucket_id, name) do update set version = excluded.version, owner = excluded.owner,
       owner_id = excluded.owner_id, metadata = excluded.metadata, user_metadata = excluded.user_metadata,
       last_accessed_at = now()`,
    writeParams(o),
  );
}

/** The stored id and version of a key, whoever may see it (run as the session user). */
export async function currentVersion(c: Client, bucketId: string, name: string): Promise<{ id: string; version: string | null } | null> {
  const r = await c.query<{ id: string; version: string | null }>('select id, version from storage.objects where bucket_id = $1 and name = $2', [bucketId, name]);
  return r.rows[0] ?? null;
}

export async function renameObject(c: Client, from: { bucketId: string; name: string; version?: string | null }, to: { bucketId: string; name: string; version: string }): Promise<number> {
  const r = await c.query(
    `update storage.objects set bucket_id = $3, name = $4, version = $5, last_accessed_at = now()
     where bucket_id = $1 and name = $2 and ($6::text is null or version = $6)`,
    [from.bucketId, from.name, to.bucketId, to.name, to.version, from.version ?? null],
  );
  return r.rowCount ?? 0;
}

export async function deleteObjects(c: Client, bucketId: string, names: readonly string[]): Promise<ObjectRow[]> {
  const r = await c.query<ObjectRow>(
    `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
    [bucketId, names],
  );
  return r.rows;
}

/** The next page of names in a bucket after `after` (visible to the scope), for emptying a bucket. */
export async function namesAfter(c: Client, bucketId: string, after: string | null, limit: number): Promise<string[]> {
  const r = await c.query<{ name: string }>(
    `select name from storage.objects where bucket_id = $1 and ($2::text is null or name collate "C" > $2) order by name collate "C" limit $3`,
    [bucketId, after, limit],
  );
  return r.rows.map((x) => x.name);
}
