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
  /** pg_class oid. */
  oid: number;
  schema: string;
  name: string;
  kind: TableKind;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  columns: Column[];
  /** Primary key columns (for views: the base table's, when the view shows all of them). */
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
  /** origin and target are the same relation. */
  isSelf: boolean;
  /** The target is a view (constraint / column names cannot name it then). */
  targetIsView: boolean;
  /** The FK constraint (for M2M: the one from the junction to the target). */
  constraint: string;
  /** Join columns: origin[i] = target[i]. For M2M: origin columns to junction source columns. */
  originColumns: string[];
  targetColumns: string[];
  /** Computed relationship: a function taking the origin's row and returning target rows. */
  computed?: QualifiedName;
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
  /** format_type() of the return type (schema-qualified unless in pg_catalog). */
  returnTypeText: string;
  /**
   * What a call yields: nothing, a scalar, a row of a table/view (its columns are in `tables`), a row of a
   * standalone composite type (`composites`), or a record made of OUT/TABLE arguments.
   */
  returnKind: 'void' | 'scalar' | 'table' | 'composite' | 'record';
  returnsSet: boolean;
  /** composite: returns a table's row type or a record with OUT/TABLE columns. */
  returnsComposite: boolean;
  volatility: 'immutable' | 'stable' | 'volatile';
  variadic: boolean;
  description: string | null;
  /** ROWS estimate (`ROWS 1` makes a computed relationship to-one). */
  rows: number;
  /** The relation whose row type is the function's only argument (computed field / relationship). */
  rowArg: QualifiedName | null;
}

/** A column of a function result that is not a table's row (composite type or OUT/TABLE arguments). */
export interface ResultColumn { name: string; type: string }

export interface SchemaCache {
  schemas: string[];
  /** Columns of standalone composite types, keyed `schema.name`. */
  composites: Map<string, ResultColumn[]>;
  /** `ALTER ROLE ... SET` settings by role name (database-specific ones override global ones). */
  roleSettings: Map<string, [string, string][]>;
  /** Computed fields by relation (`schema.name`): functions of one row returning a single non-table value. */
  computedFields: Map<string, ResultColumn[]>;
  /** Installed extensions (pg_extension.extname). */
  extensions: string[];
  /** COMMENT ON SCHEMA of each exposed schema. */
  schemaDescriptions: Map<string, string | null>;
  tables: Map<string, Table>;
  /** Relationships keyed by the origin's qualified name. */
  relationships: Map<string, Relationship[]>;
  /** Overloads keyed by the routine's qualified name. */
  routines: Map<string, Routine[]>;
  loadedAt: number;
}
