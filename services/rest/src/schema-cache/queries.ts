// Catalog queries behind the schema cache. Each takes the exposed schemas as $1 (text[]).
export const TABLES_SQL = `
select n.nspname as schema, c.relname as name, c.relkind as kind,
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
where con.contype = 'f' and (n.nspname = any($1) or rn.nspname = any($1))`;

export const UNIQUE_SQL = `
select n.nspname as schema, c.relname as table,
  array(select a.attname::text from unnest(con.conkey) k(n) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns
from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
where con.contype in ('p','u') and n.nspname = any($1)`;

export const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.provolatile as volatility, p.proretset as returns_set,
  p.provariadic <> 0 as variadic, rn.nspname as ret_schema, rt.typname as ret_name,
  (rt.typtype = 'c' or (rt.typname = 'record' and p.proallargtypes is not null)) as returns_composite,
  coalesce(p.proargnames, '{}') as arg_names,
  coalesce(p.proargmodes::text[], '{}') as arg_modes,
  array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i) order by i) as arg_types,
  p.pronargdefaults as n_defaults,
  obj_description(p.oid, 'pg_proc') as description
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type rt on rt.oid = p.prorettype join pg_namespace rn on rn.oid = rt.typnamespace
where n.nspname = any($1) and p.prokind = 'f'`;
