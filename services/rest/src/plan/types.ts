// The query plan: the request resolved against the schema cache. Every name in here was found in the
// cache (or is an output alias, a value), so the query builder can quote it; values stay raw for `$n`.
import type {
  AggregateFunction, ApiRequest, Field, JsonStep, MediaType, Operation, Preferences, RowRange,
} from '../api-request/types.ts';
import type { Column, Relationship, ResultColumn, Routine, Table } from '../schema-cache/types.ts';

/** A column of the relation a read node reads from, with an optional JSON path. */
export interface ColumnRef {
  column: string;
  jsonPath: JsonStep[];
  /** The column is not json/jsonb: a JSON path needs `to_jsonb(col)` first. */
  toJson: boolean;
}

export type SelectField =
  | { kind: 'column'; ref: ColumnRef; outName: string; cast?: string; aggregate?: AggregateFunction; aggregateCast?: string }
  | { kind: 'count'; outName: string; cast?: string };

export type Condition =
  | { kind: 'filter'; ref: ColumnRef; negated: boolean; operation: Operation; columnType: string }
  | { kind: 'embed-null'; embed: EmbedNode; isNull: boolean }
  | { kind: 'tree'; negated: boolean; operator: 'and' | 'or'; children: Condition[] };

export interface OrderTerm {
  ref: ColumnRef;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
  /** Set when ordering by a column of a to-one embed (`order=rel(col)`). */
  embed?: EmbedNode;
}

/** Where a read node's rows come from. */
export type ReadSource =
  | { kind: 'relation'; schema: string; name: string }
  /** The rows a mutation returned (the `pgrst_mut` CTE) or a function returned (`pgrst_call`). */
  | { kind: 'cte'; name: string };

export interface ReadNode {
  source: ReadSource;
  /** Name of the relation for messages and relationships (`schema.name`). */
  schema: string;
  name: string;
  /** Columns available at this level. */
  columns: ReadonlyArray<Pick<Column, 'name' | 'type'>>;
  /** Computed fields (functions of the row) available at this level. */
  computed: ReadonlyArray<{ name: string; type: string }>;
  fields: SelectField[];
  embeds: EmbedNode[];
  conditions: Condition[];
  order: OrderTerm[];
  range: RowRange;
  /** Any aggregate at this level (GROUP BY the other fields). */
  grouped: boolean;
}

export interface EmbedNode extends ReadNode {
  rel: Relationship;
  /** JSON key (alias or relation name); for spreads the relation name. */
  outName: string;
  toOne: boolean;
  inner: boolean;
  spread: boolean;
  /** `rel()` with nothing selected: joins (for filtering) but emits no key. */
  empty: boolean;
}

export type BodyShape = 'array' | 'single' | 'csv' | 'geojson' | 'array-stripped' | 'single-stripped';

export interface ReadPlan {
  kind: 'read';
  table: Table;
  node: ReadNode;
  count: Preferences['count'];
  head: boolean;
}

export interface MutatePlan {
  kind: 'mutate';
  mutation: 'insert' | 'update' | 'delete' | 'upsert';
  table: Table;
  /** Columns written, in payload order (already checked against the table). */
  columns: Column[];
  /** ON CONFLICT target and action (POST with resolution=, or PUT on the PK). */
  onConflict: { columns: string[]; action: 'merge' | 'ignore' } | null;
  /** missing=default: absent keys take the column default. */
  missingDefault: boolean;
  /** PATCH with missing=default: listed columns the object lacks, set to DEFAULT. */
  defaultColumns: string[];
  /** Top-level filters (PATCH / DELETE / PUT). */
  conditions: Condition[];
  /** The response shape read from the mutated rows (null: return=minimal / headers-only). */
  returning: ReadNode | null;
  /** PK columns for `Location` (return=headers-only on insert). */
  locationColumns: string[] | null;
  /** Count inserted vs updated rows (upserts: 201 vs 200). */
  countInserted: boolean;
}

export type CallArgs =
  /** Named JSON arguments typed by the function's parameters (POST). */
  | { kind: 'json'; params: { name: string; type: string; variadic: boolean }[] }
  /** Text arguments cast to the parameter types (GET / form). */
  | { kind: 'text'; params: { name: string; type: string; variadic: boolean; values: string[] }[] }
  /** The whole body as one unnamed parameter. */
  | { kind: 'single'; type: string };

export interface CallPlan {
  kind: 'call';
  routine: Routine;
  args: CallArgs;
  /** Read over the result rows for table/composite returns; null for scalar/void. */
  node: ReadNode | null;
  /** `table` set when the result rows are a table's (embeds allowed). */
  table: Table | null;
  resultColumns: ResultColumn[] | null;
  readOnly: boolean;
}

export type ActionPlan = ReadPlan | MutatePlan | CallPlan;

/** Everything the query builder and the execute stage need. */
export interface Plan {
  request: ApiRequest;
  action: ActionPlan;
  shape: BodyShape;
  /** EXPLAIN instead of running (`application/vnd.pgrst.plan`). */
  explain: Extract<MediaType, { kind: 'plan' }> | null;
  readOnly: boolean;
  /** Preference-Applied tokens. */
  applied: string[];
}

export type { Field };
