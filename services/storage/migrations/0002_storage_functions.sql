-- Helper functions (policy helpers, listing, sizes, permission test), triggers, RLS and grants.

create or replace function storage.foldername(name text) returns text[]
language plpgsql immutable as $$
declare parts text[];
begin
  parts := string_to_array(name, '/');
  return parts[1 : coalesce(array_length(parts, 1), 1) - 1];
end $$;

create or replace function storage.filename(name text) returns text
language plpgsql immutable as $$
declare parts text[];
begin
  parts := string_to_array(name, '/');
  return parts[array_length(parts, 1)];
end $$;

-- The text after the last dot of the file name (the whole name when it has no dot), as Supabase does.
create or replace function storage.extension(name text) returns text
language sql immutable as $$
  select reverse(split_part(reverse(storage.filename(name)), '.', 1))
$$;

create or replace function storage.operation() returns text
language plpgsql stable as $$
begin
  return current_setting('storage.operation', true);
end $$;

-- Escapes LIKE wildcards so a prefix is matched literally.
create or replace function storage.like_escape(v text) returns text
language sql immutable as $$
  select replace(replace(replace(coalesce(v, ''), '\', '\\'), '%', '\%'), '_', '\_')
$$;

-- One level of a bucket under `prefix` (which ends in '/' or is ''): folders first (id null), then objects.
-- SECURITY INVOKER, so the caller's RLS SELECT policies decide what is listed.
create or replace function storage.search(
  prefix text, bucketname text, limits int default 100, levels int default 1, offsets int default 0,
  search text default '', sortcolumn text default 'name', sortorder text default 'asc'
) returns table (name text, id uuid, updated_at timestamptz, created_at timestamptz, last_accessed_at timestamptz, metadata jsonb)
language plpgsql stable as $$
declare
  v_order text;
  v_col text;
begin
  v_order := case when lower(sortorder) = 'desc' then 'desc' else 'asc' end;
  v_col := case lower(sortcolumn)
    when 'updated_at' then 'updated_at' when 'created_at' then 'created_at'
    when 'last_accessed_at' then 'last_accessed_at' else 'name' end;
  return query execute format($q$
    with level as (
      select o.path_tokens[$1] as entry, array_length(o.path_tokens, 1) > $1 as is_folder,
             o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata
      from storage.objects o
      where o.bucket_id = $4
        and o.name like storage.like_escape($2) || '%%'
        and lower(o.path_tokens[$1]) like lower(storage.like_escape($3)) || '%%'
    ),
    folders as (
      select entry as name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
             null::timestamptz as last_accessed_at, null::jsonb as metadata, 0 as kind
      from level where is_folder group by entry
    ),
    files as (
      select entry as name, level.id, level.updated_at, level.created_at, level.last_accessed_at, level.metadata, 1 as kind
      from level where not is_folder
    )
    select name, id, updated_at, created_at, last_accessed_at, metadata from (
      select * from folders union all select * from files
    ) entries
    order by kind, case when kind = 0 then name end %1$s, %2$I %1$s, name %1$s
    limit $5 offset $6
  $q$, v_order, v_col) using levels, prefix, search, bucketname, limits, offsets;
end $$;

create or replace function storage.get_size_by_bucket() returns table (size bigint, bucket_id text)
language plpgsql stable as $$
begin
  return query select sum((o.metadata ->> 'size')::bigint)::bigint as size, o.bucket_id
    from storage.objects o group by o.bucket_id;
end $$;

-- Tests whether the caller may insert an object (rolled back): used by clients that check before uploading.
create or replace function storage.can_insert_object(bucketid text, name text, owner uuid, metadata jsonb) returns void
language plpgsql as $$
begin
  insert into storage.objects (bucket_id, name, owner, metadata) values (bucketid, name, owner, metadata);
  raise sqlstate 'PT200' using message = 'ROLLBACK', detail = 'rollback successful insert';
end $$;

create or replace function storage.update_updated_at_column() returns trigger
language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end $$;

drop trigger if exists update_objects_updated_at on storage.objects;
create trigger update_objects_updated_at before update on storage.objects
  for each row execute function storage.update_updated_at_column();

-- Direct SQL deletes would orphan files in the backend; only the storage API (which sets the flag) may delete.
create or replace function storage.protect_delete() returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('storage.allow_delete_query', true), 'false') <> 'true' then
    raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      using hint = 'This prevents accidental data loss from orphaned objects.', errcode = '42501';
  end if;
  return null;
end $$;

drop trigger if exists protect_objects_delete on storage.objects;
create trigger protect_objects_delete before delete on storage.objects
  for each statement execute function storage.protect_delete();
drop trigger if exists protect_buckets_delete on storage.buckets;
create trigger protect_buckets_delete before delete on storage.buckets
  for each statement execute function storage.protect_delete();

-- Row Level Security: callers reach objects and buckets only through policies; service_role bypasses.
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
alter table storage.migrations enable row level security;
alter table storage.s3_multipart_uploads enable row level security;
alter table storage.s3_multipart_uploads_parts enable row level security;

grant usage on schema storage to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.migrations to service_role;
grant select on storage.migrations to anon, authenticated;
grant all on storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts to service_role;
grant select on storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts to authenticated, anon;
grant execute on all functions in schema storage to anon, authenticated, service_role;
alter default privileges in schema storage grant all on tables to service_role;
alter default privileges in schema storage grant execute on functions to anon, authenticated, service_role;
grant all on all tables in schema storage to supabase_storage_admin;

insert into storage.migrations (id, name, hash) values
  (0, 'create-migrations-table', md5('powabase:0001_storage_schema')),
  (1, 'initialmigration', md5('powabase:0001_storage_schema')),
  (2, 'storage-schema', md5('powabase:0001_storage_schema')),
  (3, 'search-files-search-function', md5('powabase:0002_storage_functions'))
on conflict (id) do nothing;
