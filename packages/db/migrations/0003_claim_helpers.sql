-- A custom setting once set with `set local` reads '' (not NULL) afterwards in the same session, and PGlite is
-- one session: the per-claim settings must count '' as unset, as Supabase's helpers do.
create or replace function auth.uid() returns uuid language sql stable as $$
  select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''), auth.jwt() ->> 'sub')::uuid
$$;
create or replace function auth.role() returns text language sql stable as $$
  select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''), auth.jwt() ->> 'role')::text
$$;
