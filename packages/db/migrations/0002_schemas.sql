-- Schemas, extensions, grants and the auth helpers every service's RLS policies use.
create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists storage;
create schema if not exists ai;
create schema if not exists realtime;
create schema if not exists graphql_public;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pg_trgm with schema extensions;
-- pgvector is preinstalled where the engine has it (PGlite does; a plain PostgreSQL server may not).
do $$ begin
  if exists (select 1 from pg_available_extensions where name = 'vector') then
    create extension if not exists vector with schema extensions;
  end if;
end $$;

-- Exposed schemas: usage for the API roles; service_role gets everything, the others what RLS allows.
grant usage on schema public, extensions, ai, storage, graphql_public, realtime to anon, authenticated, service_role;
grant all on schema public to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all functions in schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
grant execute on all functions in schema extensions to anon, authenticated, service_role;
alter default privileges in schema extensions grant execute on functions to anon, authenticated, service_role;

-- auth is never granted to the API roles (only its admin role and the owner).
revoke all on schema auth from public, anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin, supabase_admin;
grant all on schema storage to supabase_storage_admin, supabase_admin;
grant all on schema ai, realtime, extensions, public to supabase_admin;

-- Claims helpers, as in Supabase: read the `request.jwt.claims` GUC set per transaction.
create or replace function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;
create or replace function auth.uid() returns uuid language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.sub', true), auth.jwt() ->> 'sub'), '')::uuid
$$;
create or replace function auth.role() returns text language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.role', true), auth.jwt() ->> 'role'), '')::text
$$;
create or replace function auth.email() returns text language sql stable as $$
  select nullif(auth.jwt() ->> 'email', '')::text
$$;
-- The helpers live in a schema the API roles cannot see, so they need usage on the functions alone.
grant usage on schema auth to anon, authenticated, service_role;
revoke all on all tables in schema auth from anon, authenticated, service_role;
alter default privileges in schema auth revoke all on tables from anon, authenticated, service_role;
grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email() to anon, authenticated, service_role;

do $$ begin
  execute format('alter database %I set search_path = "$user", public, extensions', current_database());
end $$;
set search_path = "$user", public, extensions;
