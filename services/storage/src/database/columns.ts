// Column lists shared by the queries: timestamps rendered as Postgres' ISO JSON text, bigints as numbers.

export const ts = (col: string, as = col.split('.').pop()!) => `to_json(${col}) #>> '{}' as ${as}`;

export const BUCKET_COLUMNS = [
  'id', 'name', 'owner', 'owner_id', 'public', 'type', 'file_size_limit::float8 as file_size_limit', 'allowed_mime_types',
  'avif_autodetection', 'versioning_status', ts('created_at'), ts('updated_at'),
].join(', ');

export const OBJECT_COLUMNS = [
  'id', 'bucket_id', 'name', 'owner', 'owner_id', 'version', 'metadata', 'user_metadata',
  ts('created_at'), ts('updated_at'), ts('last_accessed_at'),
].join(', ');
