// Loads the schema cache for the exposed schemas with a handful of catalog queries (one round trip each).
import type { Db } from '@powabase/db';
import { COLUMNS_SQL, FKEYS_SQL, ROUTINES_SQL, TABLES_SQL, UNIQUE_SQL } from './queries.ts';
import { deriveRelationships } from './relationships.ts';
import type { ArgMode, Column, ForeignKey, Routine, RoutineArg, SchemaCache, Table, TableKind } from './types.ts';

const KIND: Record<string, TableKind> = { r: 'table', v: 'view', m: 'materialized_view', f: 'foreign_table', p: 'partitioned_table' };
const MODE: Record<string, ArgMode> = { i: 'in', o: 'out', b: 'inout', v: 'variadic', t: 'table' };
const VOL = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

export async function loadSchemaCache(db: Db, schemas: string[]): Promise<SchemaCache> {
  const [t, c, f, u, r] = await Promise.all([TABLES_SQL, COLUMNS_SQL, FKEYS_SQL, UNIQUE_SQL, ROUTINES_SQL].map((sql) => db.query(sql, [schemas])));
  const tables = new Map<string, Table>();
  for (const row of t.rows) {
    tables.set(`${row.schema}.${row.name}`, {
      schema: row.schema, name: row.name, kind: KIND[row.kind], insertable: row.insertable, updatable: row.updatable,
      deletable: row.deletable, columns: [], pk: row.pk, description: row.description,
    });
  }
  for (const row of c.rows) {
    const col: Column = {
      name: row.name, type: row.type, udt: row.udt, nullable: row.nullable, default: row.default, generated: row.generated,
      position: row.position, enumValues: row.enum_values, description: row.description,
    };
    tables.get(`${row.schema}.${row.table}`)?.columns.push(col);
  }
  const fks: ForeignKey[] = f.rows.map((row) => ({
    constraint: row.constraint, schema: row.schema, table: row.table, columns: row.columns,
    refSchema: row.ref_schema, refTable: row.ref_table, refColumns: row.ref_columns,
  }));
  const uniques = new Map<string, string[][]>();
  for (const row of u.rows) {
    const k = `${row.schema}.${row.table}`;
    (uniques.get(k) ?? uniques.set(k, []).get(k)!).push(row.columns);
  }
  const routines = new Map<string, Routine[]>();
  for (const row of r.rows) {
    const routine = toRoutine(row);
    const k = `${routine.schema}.${routine.name}`;
    (routines.get(k) ?? routines.set(k, []).get(k)!).push(routine);
  }
  return { schemas, tables, relationships: deriveRelationships(fks, uniques, tables), routines, loadedAt: Date.now() };
}

function toRoutine(row: any): Routine {
  const types: string[] = row.arg_types;
  const modes: string[] = row.arg_modes.length ? row.arg_modes : types.map(() => 'i');
  const args: RoutineArg[] = types.map((type, i) => ({ name: row.arg_names[i] ?? '', type, mode: MODE[modes[i]], hasDefault: false }));
  // pronargdefaults counts the trailing input arguments that have defaults.
  const inputs = args.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic');
  for (let i = inputs.length - row.n_defaults; i < inputs.length; i++) if (i >= 0) inputs[i].hasDefault = true;
  return {
    schema: row.schema, name: row.name, args, returnType: { schema: row.ret_schema, name: row.ret_name },
    returnsSet: row.returns_set, returnsComposite: row.returns_composite, volatility: VOL[row.volatility as 'i' | 's' | 'v'],
    variadic: row.variadic, description: row.description,
  };
}
