// The schema cache: what PostgREST knows about the exposed schemas, as plain data the planner reads.
export type QualifiedName = { schema: string; name: string };
export const qualified = (q: QualifiedName) => `${q.schema}.${q.name}`;

export interface Column {
  name: string;
  /** format_type(): `integer`, `character varying(20)`, `text[]`, … */
  type: string;
  /** pg_type.typname of the column (or of its element for arrays, with a leading `_` as Postgres names arrays). */
  udt: string;
  nullable: boolean;
  default: string | null;
  generated: boolean;
  position: number;
  enumValues: string[] | null;
  description: string | null;
}

export type TableKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'partitioned_table';

export interface Table {
  schema: string;
  name: string;
  kind: TableKind;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  columns: Column[];
  pk: string[];
  description: string | null;
}

export interface ForeignKey {
  constraint: string;
  schema: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

export interface Relationship {
  cardinality: Cardinality;
  origin: QualifiedName;
  target: QualifiedName;
  /** The FK constraint (for M2M: the one from the junction to the target). */
  constraint: string;
  /** Join columns: origin[i] = target[i]. For M2M: origin columns to junction source columns. */
  originColumns: string[];
  targetColumns: string[];
  junction?: {
    table: QualifiedName;
    /** junction columns referencing the origin / the target */
    sourceColumns: string[];
    targetColumns: string[];
    sourceConstraint: string;
    targetConstraint: string;
  };
}

export type ArgMode = 'in' | 'out' | 'inout' | 'variadic' | 'table';

export interface RoutineArg {
  name: string;
  type: string;
  mode: ArgMode;
  hasDefault: boolean;
}

export interface Routine {
  schema: string;
  name: string;
  args: RoutineArg[];
  /** `void`, a scalar type, or the composite/table row type. */
  returnType: QualifiedName;
  returnsSet: boolean;
  /** composite: returns a table's row type or a record with OUT/TABLE columns. */
  returnsComposite: boolean;
  volatility: 'immutable' | 'stable' | 'volatile';
  variadic: boolean;
  description: string | null;
}

export interface SchemaCache {
  schemas: string[];
  tables: Map<string, Table>;
  /** Relationships keyed by the origin's qualified name. */
  relationships: Map<string, Relationship[]>;
  /** Overloads keyed by the routine's qualified name. */
  routines: Map<string, Routine[]>;
  loadedAt: number;
}
