-- Data-plane roles as in Supabase. Roles are cluster-wide on a PostgreSQL server, so each is created only
-- when missing (several project databases may share a server in tests).
do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin',
                           'supabase_auth_admin', 'supabase_storage_admin', 'supabase_realtime_admin'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
end $$;

alter role service_role bypassrls;
alter role supabase_admin bypassrls createrole createdb;
alter role authenticator inherit;
alter role authenticator set statement_timeout = '30s';
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role, authenticator to supabase_admin;
grant anon, authenticated, service_role to postgres;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
