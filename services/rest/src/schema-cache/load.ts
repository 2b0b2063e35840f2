// Loads the schema cache for the exposed schemas with a handful of catalog queries in one transaction.
// search_path is emptied first so every type name comes out schema-qualified (except pg_catalog's):
// the request transactions run with another search_path.
import type { Db } from '@powabase/db';
import {
  COLUMNS_SQL, COMPOSITES_SQL, EXTENSIONS_SQL, SCHEMA_COMMENTS_SQL, FKEYS_SQL, RELATION_NAMES_SQL, ROLE_SETTINGS_SQL, ROUTINES_SQL, TABLES_SQL, UNIQUE_SQL, VIEWS_SQL,
} from './queries.ts';
import { deriveRelationships } from './relationships.ts';
import { expandForeignKeysThroughViews, inferViewKeys, type RelationInfo } from './view-keys.ts';
import { viewColumnSources } from './view-lineage.ts';
import type { ArgMode, Column, ForeignKey, Relationship, ResultColumn, Routine, RoutineArg, SchemaCache, Table, TableKind } from './types.ts';

const KIND: Record<string, TableKind> = { r: 'table', v: 'view', m: 'materialized_view', f: 'foreign_table', p: 'partitioned_table' };
const MODE: Record<string, ArgMode> = { i: 'in', o: 'out', b: 'inout', v: 'variadic', t: 'table' };
const VOL = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => { (m.get(k) ?? m.set(k, []).get(k)!).push(v); };

export async function loadSchemaCache(db: Db, schemas: string[]): Promise<SchemaCache> {
  const sqls = [TABLES_SQL, COLUMNS_SQL, FKEYS_SQL, UNIQUE_SQL, ROUTINES_SQL, VIEWS_SQL, RELATION_NAMES_SQL, COMPOSITES_SQL,
    ROLE_SETTINGS_SQL, EXTENSIONS_SQL, SCHEMA_COMMENTS_SQL];
  const [t, c, f, u, r, v, names, comp, roles, exts, comments] = await db.tx(async (client) => {
    await client.query("select set_config('search_path', '', true)");
    const out = [];
    for (const sql of sqls) out.push((await client.query(sql, [schemas])).rows);
    return out;
  });
  const tables = new Map<string, Table>();
  for (const row of t!) {
    tables.set(`${row.schema}.${row.name}`, {
      oid: Number(row.oid), schema: row.schema, name: row.name, kind: KIND[row.kind]!, insertable: row.insertable,
      updatable: row.updatable, deletable: row.deletable, columns: [], pk: row.pk, description: row.description,
    });
  }
  for (const row of c!) {
    const col: Column = {
      name: row.name, type: row.type, udt: row.udt, nullable: row.nullable, default: row.default, generated: row.generated,
      position: row.position, enumValues: row.enum_values, description: row.description,
    };
    tables.get(`${row.schema}.${row.table}`)?.columns.push(col);
  }
  const baseFks: ForeignKey[] = f!.map((row) => ({
    constraint: row.constraint, schema: row.schema, table: row.table, columns: row.columns,
    refSchema: row.ref_schema, refTable: row.ref_table, refColumns: row.ref_columns,
  }));
  const uniques = new Map<string, string[][]>();
  for (const row of u!) push(uniques, `${row.schema}.${row.table}`, row.columns as string[]);

  const relations = new Map<number, RelationInfo>();
  for (const row of names!) {
    const attrs = new Map<number, string>(Object.entries(row.attrs ?? {}).map(([k, n]) => [Number(k), n as string]));
    relations.set(Number(row.oid), { schema: row.schema, name: row.name, isView: row.kind === 'v' || row.kind === 'm', attrs, sources: [] });
  }
  for (const row of v!) {
    const rel = relations.get(Number(row.oid));
    if (rel) rel.sources = viewColumnSources(row.action);
  }
  const fks = expandForeignKeysThroughViews(baseFks, relations);
  inferViewKeys(tables, relations, uniques);

  const routines = new Map<string, Routine[]>();
  for (const row of r!) {
    const routine = toRoutine(row);
    push(routines, `${routine.schema}.${routine.name}`, routine);
  }
  const composites = new Map<string, ResultColumn[]>();
  for (const row of comp!) push(composites, `${row.schema}.${row.name}`, { name: row.column, type: row.type });
  const relationships = deriveRelationships(fks, uniques, tables);
  const computedFields = new Map<string, ResultColumn[]>();
  for (const r of [...routines.values()].flat()) {
    if (!r.rowArg || !tables.has(`${r.rowArg.schema}.${r.rowArg.name}`)) continue;
    const origin = `${r.rowArg.schema}.${r.rowArg.name}`;
    if (r.returnKind === 'table' && tables.has(`${r.returnType.schema}.${r.returnType.name}`)) {
      push(relationships, origin, computedRelationship(r, tables));
    } else if (!r.returnsSet && r.returnKind !== 'void') {
      push(computedFields, origin, { name: r.name, type: r.returnTypeText });
    }
  }
  return {
    schemas, tables, relationships, routines, composites, computedFields,
    roleSettings: roleSettings(roles!), extensions: exts!.map((e) => e.name as string),
    schemaDescriptions: new Map(comments!.map((x) => [x.schema as string, x.description as string | null])),
    loadedAt: Date.now(),
  };
}

function computedRelationship(r: Routine, tables: Map<string, Table>): Relationship {
  const origin = r.rowArg!;
  const target = r.returnType;
  const kind = tables.get(`${target.schema}.${target.name}`)?.kind;
  return {
    cardinality: !r.returnsSet || r.rows === 1 ? 'many-to-one' : 'one-to-many',
    origin, target, constraint: r.name, originColumns: [], targetColumns: [],
    isSelf: origin.schema === target.schema && origin.name === target.name,
    targetIsView: kind === 'view' || kind === 'materialized_view',
    computed: { schema: r.schema, name: r.name },
  };
}

function roleSettings(rows: { role: string; settings: string[]; this_db: boolean }[]): Map<string, [string, string][]> {
  const out = new Map<string, Map<string, string>>();
  // Global settings first, so the database-specific ones override them.
  for (const row of [...rows].sort((a, b) => Number(a.this_db) - Number(b.this_db))) {
    const m = out.get(row.role) ?? out.set(row.role, new Map()).get(row.role)!;
    for (const s of row.settings ?? []) {
      const eq = s.indexOf('=');
      if (eq > 0) m.set(s.slice(0, eq), s.slice(eq + 1));
    }
  }
  return new Map([...out].map(([role, m]) => [role, [...m]]));
}

function toRoutine(row: any): Routine {
  const types: string[] = row.arg_types;
  const modes: string[] = row.arg_modes.length ? row.arg_modes : types.map(() => 'i');
  const args: RoutineArg[] = types.map((type, i) => ({ name: row.arg_names[i] ?? '', type, mode: MODE[modes[i]!]!, hasDefault: false }));
  // pronargdefaults counts the trailing input arguments that have defaults.
  const inputs = args.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic');
  for (let i = inputs.length - row.n_defaults; i < inputs.length; i++) if (i >= 0) inputs[i]!.hasDefault = true;
  const relkind: string | null = row.ret_relkind;
  const returnKind: Routine['returnKind'] = row.ret_name === 'void' && row.ret_schema === 'pg_catalog' ? 'void'
    : relkind && relkind !== 'c' ? 'table'
      : relkind === 'c' ? 'composite'
        : row.returns_composite ? 'record' : 'scalar';
  return {
    schema: row.schema, name: row.name, args, returnType: { schema: row.ret_schema, name: row.ret_name },
    returnTypeText: row.ret_type, returnKind,
    returnsSet: row.returns_set, returnsComposite: row.returns_composite, volatility: VOL[row.volatility as 'i' | 's' | 'v'],
    variadic: row.variadic, description: row.description, rows: Number(row.rows),
    rowArg: row.row_arg ? { schema: row.row_arg[0], name: row.row_arg[1] } : null,
  };
}
