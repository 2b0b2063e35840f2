-- Realtime: realtime.messages (private-channel policies, database broadcasts, replay), realtime.topic(),
-- realtime.send(), realtime.broadcast_changes(), the supabase_realtime publication and the change capture
-- that stands in for logical decoding: a row trigger on every published table queues the change in
-- realtime.change_queue and NOTIFYs `realtime_changes`; the service drains the queue.
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

-- Messages: probe rows for RLS checks (always rolled back), persisted broadcasts and database broadcasts.
-- A plain table with a janitor (the service deletes old rows), not Supabase's daily partitions.
create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid() primary key,
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default true,
  binary_payload bytea,
  updated_at timestamp not null default (now() at time zone 'utc'),
  inserted_at timestamp not null default (now() at time zone 'utc')
);
create index if not exists messages_topic_inserted_at_idx on realtime.messages (topic, inserted_at);
create index if not exists messages_inserted_at_idx on realtime.messages (inserted_at);
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;

create or replace function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;
grant execute on function realtime.topic() to anon, authenticated, service_role;

-- Runs as the caller, so RLS on realtime.messages applies (as in Supabase); failures become a warning.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
begin
  begin
    perform set_config('realtime.topic', topic, true);
    insert into realtime.messages (payload, event, topic, private, extension)
    values (payload, event, topic, private, 'broadcast');
  exception when others then
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end $$;
grant execute on function realtime.send(jsonb, text, text, boolean) to anon, authenticated, service_role;

-- For row triggers: broadcasts {id, schema, table, operation, record, old_record} on a private topic.
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void language plpgsql as $$
declare
  message_id uuid := gen_random_uuid();
  row_data jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'Unexpected operation type: %', operation;
  end if;
  row_data := jsonb_build_object('id', message_id, 'old_record', old, 'record', new, 'operation', operation,
                                 'table', table_name, 'schema', table_schema);
  -- like realtime.send: a refused insert (no policy for the writer) is a warning, never a failed write
  begin
    perform set_config('realtime.topic', topic_name, true);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (message_id, row_data, event_name, topic_name, true, 'broadcast');
  exception when others then
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end $$;
grant execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  to anon, authenticated, service_role;

-- The change queue. Rows live from commit until the service drains them (delete ... returning), so a change
-- is delivered at most once; the service empties it at start (changes made while it was down are not sent).
create table if not exists realtime.change_queue (
  id bigserial primary key,
  relid oid not null,
  op text not null,
  record jsonb,
  old_record jsonb,
  committed_at timestamptz not null default now()
);
revoke all on realtime.change_queue from public, anon, authenticated, service_role;

-- Row trigger body. Security definer: whoever writes the table, the queue insert succeeds. NOTIFY payloads
-- are de-duplicated within a transaction, so one wake-up per committing transaction.
create or replace function realtime.capture_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into realtime.change_queue (relid, op, record, old_record)
  values (tg_relid, tg_op,
          case when tg_op = 'DELETE' then null else to_jsonb(new) end,
          case when tg_op = 'INSERT' then null else to_jsonb(old) end);
  perform pg_notify('realtime_changes', '');
  return null;
end $$;
revoke all on function realtime.capture_change() from public;

-- Database broadcasts (realtime.send, broadcast_changes) ride the same queue. Probe rows of the RLS checks
-- are rolled back, so they never reach it.
drop trigger if exists realtime_messages_broadcast on realtime.messages;
create trigger realtime_messages_broadcast after insert on realtime.messages
  for each row execute function realtime.capture_change();

-- Attaches the capture trigger to every table of the supabase_realtime publication and detaches it from
-- tables that left it. Called by the DDL event trigger below, and by the service at start.
create or replace function realtime.sync_publication() returns void
language plpgsql security definer set search_path = '' as $$
declare r record;
begin
  for r in
    select c.oid::regclass as rel
    from pg_catalog.pg_publication_tables pt
    join pg_catalog.pg_namespace n on n.nspname = pt.schemaname
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
    where pt.pubname = 'supabase_realtime' and c.relkind = 'r'
      and not exists (select 1 from pg_catalog.pg_trigger t where t.tgrelid = c.oid and t.tgname = 'realtime_capture')
  loop
    execute format('create trigger realtime_capture after insert or update or delete on %s '
                   'for each row execute function realtime.capture_change()', r.rel);
  end loop;
  for r in
    select t.tgrelid::regclass as rel
    from pg_catalog.pg_trigger t
    where t.tgname = 'realtime_capture' and t.tgparentid = 0
      and not exists (
        select 1 from pg_catalog.pg_publication_tables pt
        join pg_catalog.pg_namespace n on n.nspname = pt.schemaname
        join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
        where pt.pubname = 'supabase_realtime' and c.oid = t.tgrelid)
  loop
    execute format('drop trigger if exists realtime_capture on %s', r.rel);
  end loop;
end $$;
revoke all on function realtime.sync_publication() from public;

-- After any DDL: re-sync the triggers (ALTER/CREATE/DROP PUBLICATION, CREATE TABLE under FOR ALL TABLES)
-- and tell the service to drop its catalog caches (columns, grants, RLS). The GUC stops the recursion
-- caused by the CREATE/DROP TRIGGER statements of the sync itself.
create or replace function realtime.on_ddl() returns event_trigger
language plpgsql security definer set search_path = '' as $$
begin
  if current_setting('realtime.syncing', true) = 'on' then return; end if;
  perform set_config('realtime.syncing', 'on', true);
  begin
    perform realtime.sync_publication();
  exception when others then
    -- never fail the user's DDL because of realtime; the service re-syncs at start
    raise warning 'realtime: could not sync supabase_realtime triggers: %', sqlerrm;
  end;
  perform set_config('realtime.syncing', 'off', true);
  perform pg_notify('realtime_schema', '');
end $$;
revoke all on function realtime.on_ddl() from public;

do $$ begin
  drop event trigger if exists realtime_ddl;
  create event trigger realtime_ddl on ddl_command_end execute function realtime.on_ddl();
exception when insufficient_privilege then
  raise notice 'realtime: no event trigger (needs a superuser); call realtime.sync_publication() after altering the publication';
end $$;

do $$ begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end $$;

-- For each of `claims` (in order), the 1-based indexes of the rows of `entity` (primary keys in `pks`) it may
-- see, as a jsonb array of int arrays: each claim is checked as its own role with its claims set locally, so
-- RLS decides (Supabase's apply_rls does the same per WAL row). One call covers a batch of changes. Runs as
-- the service's login role; never exposed to API roles.
create or replace function realtime.visible_rows(entity regclass, pks jsonb[], claims jsonb[]) returns jsonb
language plpgsql as $$
declare
  cond text;
  q text;
  c jsonb;
  seen int[];
  result jsonb := '[]';
begin
  select string_agg(format('x.%I = (p.pk ->> %L)::%s', a.attname, a.attname, format_type(a.atttypid, a.atttypmod)), ' and ')
    into cond
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
  where i.indrelid = entity and i.indisprimary;
  if cond is null then
    return coalesce((select jsonb_agg('[]'::jsonb) from unnest(claims)), '[]');
  end if;
  q := format('select coalesce(array_agg(p.i::int), ''{}'') from unnest($1::jsonb[]) with ordinality as p(pk, i) '
              'where exists (select 1 from %s x where %s)', entity, cond);
  foreach c in array claims loop
    begin
      perform set_config('role', coalesce(c ->> 'role', 'anon'), true),
              set_config('request.jwt.claims', c::text, true),
              set_config('request.jwt.claim.sub', coalesce(c ->> 'sub', ''), true),
              set_config('request.jwt.claim.role', coalesce(c ->> 'role', ''), true);
      execute q into seen using pks;
    exception when others then
      seen := '{}';
    end;
    result := result || jsonb_build_array(to_jsonb(seen));
  end loop;
  perform set_config('role', 'none', true);
  return result;
end $$;
revoke all on function realtime.visible_rows(regclass, jsonb[], jsonb[]) from public;
