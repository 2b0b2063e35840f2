// Catalog queries behind the schema cache. Each takes the exposed schemas as $1 (text[]).
export const TABLES_SQL = `
select c.oid::int8 as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
  case when c.relkind in ('r','p') then true else (pg_relation_is_updatable(c.oid, false) & 8) = 8 end as insertable,
  case when c.relkind in ('r','p') then true else (pg_relation_is_updatable(c.oid, false) & 4) = 4 end as updatable,
  case when c.relkind in ('r','p') then true else (pg_relation_is_updatable(c.oid, false) & 16) = 16 end as deletable,
  obj_description(c.oid, 'pg_class') as description,
  coalesce((select array_agg(a.attname::text order by k.i) from pg_constraint pk
     cross join lateral unnest(pk.conkey) with ordinality as k(attnum, i)
     join pg_attribute a on a.attrelid = pk.conrelid and a.attnum = k.attnum
     where pk.conrelid = c.oid and pk.contype = 'p'), '{}') as pk
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1) and c.relkind in ('r','v','m','f','p')`;

export const COLUMNS_SQL = `
select n.nspname as schema, c.relname as table, a.attname as name, a.attnum as position,
  format_type(a.atttypid, a.atttypmod) as type, t.typname as udt, not a.attnotnull as nullable,
  pg_get_expr(d.adbin, d.adrelid) as default, a.attgenerated <> '' as generated,
  case when t.typtype = 'e' then (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end as enum_values,
  col_description(c.oid, a.attnum) as description
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where n.nspname = any($1) and c.relkind in ('r','v','m','f','p') and a.attnum > 0 and not a.attisdropped
order by n.nspname, c.relname, a.attnum`;

/** Foreign keys touching an exposed schema, and the unique keys (PK or UNIQUE) used to spot one-to-one. */
export const FKEYS_SQL = `
select con.conname as constraint, n.nspname as schema, c.relname as table,
  array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as columns,
  rn.nspname as ref_schema, rc.relname as ref_table,
  array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) as ref_columns
from pg_constraint con
join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
join pg_class rc on rc.oid = con.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
where con.contype = 'f' and $1::text[] is not null`;

export const UNIQUE_SQL = `
select n.nspname as schema, c.relname as table,
  array(select a.attname::text from unnest(con.conkey) k(n) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns
from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
where con.contype in ('p','u') and $1::text[] is not null`;

export const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.provolatile as volatility, p.proretset as returns_set,
  p.provariadic <> 0 as variadic, rn.nspname as ret_schema, rt.typname as ret_name,
  (rt.typtype = 'c' or (rt.typname = 'record' and p.proallargtypes is not null)) as returns_composite,
  (select rc.relkind from pg_class rc where rc.oid = rt.typrelid) as ret_relkind,
  format_type(p.prorettype, null) as ret_type,
  coalesce(p.proargnames, '{}') as arg_names,
  coalesce(p.proargmodes::text[], '{}') as arg_modes,
  array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i) order by i) as arg_types,
  p.pronargdefaults as n_defaults, p.prorows as rows,
  (select array[an.nspname::text, ac.relname::text] from pg_type at join pg_class ac on ac.oid = at.typrelid
     join pg_namespace an on an.oid = ac.relnamespace
   where p.pronargs = 1 and at.oid = p.proargtypes[0] and ac.relkind in ('r','v','m','f','p')) as row_arg,
  obj_description(p.oid, 'pg_proc') as description
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type rt on rt.oid = p.prorettype join pg_namespace rn on rn.oid = rt.typnamespace
where n.nspname = any($1) and p.prokind = 'f'`;

/** Rewrite rules of the views (any schema): their top-level target lists name the base column of each view column. */
export const VIEWS_SQL = `
select c.oid::int8 as oid, n.nspname as schema, c.relname as name, r.ev_action::text as action
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
where c.relkind in ('v','m') and n.nspname not in ('pg_catalog', 'information_schema') and $1::text[] is not null`;

/** Every relation's oid and name, so view lineage can name base tables outside the exposed schemas. */
export const RELATION_NAMES_SQL = `
select c.oid::int8 as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
  (select json_object_agg(a.attnum, a.attname) from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as attrs
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r','v','m','f','p') and n.nspname not in ('pg_catalog', 'information_schema') and $1::text[] is not null`;

/** Attributes of standalone composite types that functions of the exposed schemas return. */
export const COMPOSITES_SQL = `
select n.nspname as schema, t.typname as name, a.attname as column, format_type(a.atttypid, a.atttypmod) as type, a.attnum as position
from pg_type t join pg_namespace n on n.oid = t.typnamespace
join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where n.nspname = any($1)
order by n.nspname, t.typname, a.attnum`;

/** ALTER ROLE ... SET settings (this database's and all databases'), applied when impersonating the role. */
export const ROLE_SETTINGS_SQL = `
select r.rolname as role, s.setconfig as settings, s.setdatabase <> 0 as this_db
from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
where (s.setdatabase = 0 or s.setdatabase = (select oid from pg_database where datname = current_database())) and $1::text[] is not null`;

/** Installed extensions (geo+json needs postgis) and the comments of the exposed schemas (OpenAPI titles). */
export const EXTENSIONS_SQL = `select extname as name from pg_extension where $1::text[] is not null`;
export const SCHEMA_COMMENTS_SQL = `
select n.nspname as schema, obj_description(n.oid, 'pg_namespace') as description
from pg_namespace n where n.nspname = any($1)`;
