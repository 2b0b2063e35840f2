-- The REST test fixture: FK graphs (M2O, O2M, O2O, M2M, self references, ambiguous pairs), views, RLS
-- with auth.uid(), functions of every return shape, overloads and variadics.
create table public.directors (id int primary key, first_name text, last_name text not null);
create table public.films (
  id int primary key, title text not null, year int, rating numeric(3,1), director_id int references public.directors(id),
  tags text[] default '{}', data jsonb, released date, duration int4range,
  summary text, summary_tsv tsvector generated always as (to_tsvector('english', coalesce(summary, ''))) stored
);
comment on table public.films is 'Films we like
Every film in the catalogue.';
comment on column public.films.title is 'The title';
create table public.actors (id int primary key, first_name text, last_name text);
create table public.roles (film_id int references public.films(id), actor_id int references public.actors(id), character text, primary key (film_id, actor_id));
create table public.nominations (id int primary key, film_id int references public.films(id), category text, won boolean default false);
create table public.family_tree (id int primary key, name text, parent_id int references public.family_tree(id));
create table public.organizations (id int primary key, name text, auditor_id int references public.organizations(id), manager_id int references public.organizations(id));
create table public.addresses (id int primary key, city text);
create table public.orders (id int primary key, billing int constraint billing references public.addresses(id), shipping int constraint shipping references public.addresses(id), amount numeric);
create table public.profiles (id int primary key references public.directors(id), bio text);
create table public.items (id int primary key, name text, qty int not null default 0, note text default 'none');
create table public.logs (id bigserial primary key, msg text, at timestamptz default now());
create table public.nopk (a int, b text);
create table public.secrets (id int primary key, value text);
revoke all on public.secrets from anon, authenticated;
create table public."Order Items" ("Id" int primary key, "the name" text);
create table public.sales (id int primary key, region text, product text, amount numeric, qty int);

create table public.todos (
  id bigserial primary key, user_id uuid default auth.uid(), task text not null, done boolean not null default false, is_public boolean not null default false
);
alter table public.todos enable row level security;
create policy anon_public on public.todos for select to anon using (is_public);
create policy own_select on public.todos for select to authenticated using (user_id = auth.uid());
create policy own_insert on public.todos for insert to authenticated with check (user_id = auth.uid());
create policy own_update on public.todos for update to authenticated using (user_id = auth.uid());
create policy own_delete on public.todos for delete to authenticated using (user_id = auth.uid());

create view public.film_titles as select id, title, director_id, year from public.films;
create view public.director_names as select id as director, last_name from public.directors;

create function public.add(a int, b int default 1) returns int language sql immutable as 'select a + b';
create function public.hello(name text) returns text language sql stable as $$ select 'Hello, ' || name $$;
create function public.films_by_year(y int) returns setof public.films language sql stable as 'select * from public.films where year = y order by id';
create function public.film_count() returns bigint language sql stable as 'select count(*) from public.films';
create function public.get_ints() returns setof int language sql immutable as 'select generate_series(1, 5)';
create function public.void_fn() returns void language sql volatile as 'select';
create function public.new_item(id int, name text) returns public.items language sql volatile as
  'insert into public.items (id, name) values (id, name) returning *';
create function public.film_stats() returns table (year int, n bigint) language sql stable as
  'select year, count(*) from public.films group by year order by year';
create function public.point_of(x int, y int, out sx int, out sy int) language sql immutable as 'select x * 2, y * 2';
create function public.json_echo(json) returns json language sql immutable as 'select $1';
create function public.text_echo(text) returns text language sql immutable as 'select upper($1)';
create function public.overloaded(a int) returns text language sql immutable as $$ select 'int' $$;
create function public.overloaded(a text) returns text language sql immutable as $$ select 'text' $$;
create function public.sum_all(variadic nums int[]) returns int language sql immutable as 'select sum(n)::int from unnest(nums) n';
create function public.int_array(arr int[]) returns int language sql immutable as 'select coalesce(array_length(arr, 1), 0)';
create function public.my_uid() returns uuid language sql stable as 'select auth.uid()';
create function public.my_claims() returns json language sql stable as $$ select current_setting('request.jwt.claims', true)::json $$;
create function public.request_info() returns json language sql stable as $$
  select json_build_object('method', current_setting('request.method', true), 'path', current_setting('request.path', true),
    'client', current_setting('request.headers', true)::json->>'x-client-info', 'role', current_user, 'search_path', current_setting('search_path'))
$$;
create function public.raise_custom() returns void language plpgsql as $$
begin
  raise sqlstate 'PGRST' using message = '{"code":"123","message":"Payment Required","details":"Quota exceeded","hint":"Upgrade"}',
    detail = '{"status":402,"headers":{"X-Powered-By":"Nerd Rage"}}';
end $$;
create function public.raise_plain() returns void language plpgsql as $$ begin raise exception 'nope' using hint = 'try again'; end $$;
create function public.teapot() returns text language plpgsql as $$
begin
  perform set_config('response.status', '418', true);
  perform set_config('response.headers', '[{"Cache-Control":"public, max-age=5"}]', true);
  return 'short and stout';
end $$;
create function public.insert_log(msg text) returns setof public.logs language sql volatile as
  'insert into public.logs (msg) values (msg) returning *';
create function public.delete_items() returns setof public.items language sql volatile as 'delete from public.items returning *';

create table ai.documents (id int primary key, owner uuid, title text);
alter table ai.documents enable row level security;
create policy own_docs on ai.documents for select to authenticated using (owner = auth.uid());
grant select on ai.documents to anon, authenticated, service_role;
grant insert on ai.documents to service_role;
insert into ai.documents values (1, '11111111-1111-1111-1111-111111111111', 'one'), (2, null, 'two');

insert into public.directors values (1, 'Christopher', 'Nolan'), (2, 'Greta', 'Gerwig'), (3, 'Denis', 'Villeneuve');
insert into public.films (id, title, year, rating, director_id, tags, data, released, duration, summary) values
  (1, 'Inception', 2010, 8.8, 1, '{dream,heist}', '{"lang":"en","budget":160,"cast":{"lead":"Leo"}}', '2010-07-16', '[140,150)', 'A thief steals corporate secrets through dreams'),
  (2, 'Interstellar', 2014, 8.6, 1, '{space}', '{"lang":"en","budget":165}', '2014-11-07', '[160,170)', 'Explorers travel through a wormhole in space'),
  (3, 'Lady Bird', 2017, 7.4, 2, '{coming-of-age}', '{"lang":"en"}', '2017-11-03', '[90,100)', 'A teenager in Sacramento'),
  (4, 'Dune', 2021, 8.0, 3, '{space,desert}', '{"lang":"en","budget":165}', '2021-10-22', '[150,160)', 'A noble family becomes embroiled in a war for a desert planet'),
  (5, 'Untitled', null, null, null, '{}', null, null, null, null);
insert into public.actors values (1, 'Leonardo', 'DiCaprio'), (2, 'Matthew', 'McConaughey'), (3, 'Saoirse', 'Ronan'), (4, 'Timothée', 'Chalamet'), (5, 'Nobody', 'Known');
insert into public.roles values (1, 1, 'Cobb'), (2, 2, 'Cooper'), (2, 4, 'Tom'), (3, 3, 'Christine'), (3, 4, 'Kyle'), (4, 4, 'Paul');
insert into public.nominations values (1, 1, 'Best Picture', false), (2, 3, 'Best Picture', false), (3, 4, 'Best Picture', false), (4, 4, 'Sound', true);
insert into public.family_tree values (1, 'Root', null), (2, 'Child A', 1), (3, 'Child B', 1), (4, 'Grandchild', 2);
insert into public.organizations values (1, 'Acme', null, null), (2, 'Auditor Inc', null, 1), (3, 'Sub', 2, 1);
insert into public.addresses values (1, 'Paris'), (2, 'Lyon');
insert into public.orders values (1, 1, 2, 10), (2, 2, 2, 20);
insert into public.profiles values (1, 'Makes big films');
insert into public.items values (1, 'one', 1, 'first'), (2, 'two', 2, 'second');
insert into public."Order Items" values (1, 'widget');
insert into public.sales values (1, 'eu', 'a', 10, 1), (2, 'eu', 'b', 20, 2), (3, 'us', 'a', 30, 3), (4, 'us', 'a', 40, 4);

create function public.check_request() returns void language plpgsql as $$
begin
  if current_setting('request.headers', true)::json->>'x-block' = 'yes' then
    raise sqlstate 'PGRST' using message = '{"code":"BLOCK","message":"Blocked by pre-request"}', detail = '{"status":403,"headers":{}}';
  end if;
  perform set_config('response.headers', '[{"X-Pre-Request":"ran"}]', true);
end $$;
create function public.slow(ms int) returns int language sql volatile as 'select ms from pg_sleep(ms / 1000.0)';
create function public.full_name(public.directors) returns text language sql stable as $$ select $1.first_name || ' ' || $1.last_name $$;
create function public.decade(public.films) returns int language sql immutable as $$ select ($1.year / 10) * 10 $$;
create function public.director_of(public.films) returns setof public.directors rows 1 language sql stable as
  'select * from public.directors where id = $1.director_id';
create function public.same_decade(public.films) returns setof public.films language sql stable as
  'select * from public.films f where f.year / 10 = $1.year / 10 and f.id <> $1.id';
