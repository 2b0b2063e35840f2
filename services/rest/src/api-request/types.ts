// Types of the ApiRequest stage: the raw HTTP request value it takes and the typed request it returns.
// Every name (table, column, alias, hint, schema, function, argument) is a plain unquoted string: the
// query builder must quote it as an identifier. Values (filter values, JSON keys) are never SQL.

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** The HTTP request as the transport hands it over (no Fastify types). */
export interface RawRequest {
  method: string;
  /** Path after the `/rest/v1` prefix, still percent-encoded: `/todos`, `/rpc/fn`, `/` or ``. */
  path: string;
  /** Raw query string (without or with a leading `?`), still percent-encoded. */
  query: string;
  /** Header names in any case; repeated headers may be given as arrays. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw body as `string` or bytes; any other value is taken as already-parsed JSON. */
  body?: unknown;
}

/** Server configuration the parser needs (PostgREST `db-schemas`, `db-aggregates-enabled`, ...). */
export interface ParseOptions {
  /** Exposed schemas; the first is the default. Must not be empty. */
  exposedSchemas: readonly string[];
  /** `db-aggregates-enabled` (PostgREST default false → PGRST123). */
  aggregatesEnabled?: boolean;
  /** `db-plan-enabled`: allow `application/vnd.pgrst.plan` (default false). */
  planEnabled?: boolean;
  /** `openapi-mode=disabled` → PGRST126 on the root path. */
  openApiDisabled?: boolean;
  /** `db-tx-end` is `*-allow-override`: honour `Prefer: tx=`. */
  txAllowOverride?: boolean;
  /** Accept the target name of an aliased embed in filters/orders/limits (v14 behaviour, default true). */
  legacyTargetNames?: boolean;
}

export type Target =
  | { kind: 'root' }
  | { kind: 'relation'; name: string }
  | { kind: 'rpc'; name: string };

/** `upsert` is PUT (single-row upsert); POST upserts are `insert` with `preferences.resolution`. */
export type Action = 'read' | 'head' | 'insert' | 'update' | 'upsert' | 'delete' | 'call' | 'info';

export type JsonStep =
  | { op: '->' | '->>'; key: string }
  | { op: '->' | '->>'; index: number };

export interface Field { name: string; jsonPath: JsonStep[] }

export type AggregateFunction = 'sum' | 'avg' | 'max' | 'min' | 'count';
export type JoinType = 'inner' | 'left';

export type SelectItem =
  | { type: 'star' }
  /** `count()` over the rows of its level. */
  | { type: 'count'; alias?: string; cast?: string }
  | {
      type: 'field'; field: Field; alias?: string; cast?: string;
      aggregate?: AggregateFunction; aggregateCast?: string;
    }
  | { type: 'embed'; relation: string; alias?: string; hint?: string; joinType?: JoinType; select: SelectItem[] }
  | { type: 'spread'; relation: string; hint?: string; joinType?: JoinType; select: SelectItem[] };

export type QuantOperator = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch';
export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

/** The value side of a filter. Values are raw text (`like` `*` is NOT yet replaced by `%`). */
export type Operation =
  | { operator: QuantOperator; quantifier?: 'any' | 'all'; value: string }
  | { operator: SimpleOperator; value: string }
  | { operator: 'in'; values: string[] }
  | { operator: 'is'; value: IsValue }
  | { operator: 'isdistinct'; value: string }
  | { operator: FtsOperator; language?: string; value: string };

export interface Filter { field: Field; negated: boolean; operation: Operation }

export type LogicTree =
  | { type: 'filter'; filter: Filter }
  | { type: 'expr'; negated: boolean; operator: 'and' | 'or'; children: LogicTree[] };

export type OrderTerm = {
  /** Set for `rel(col)` terms: order parents by a column of a to-one embed. */
  relation?: string;
  field: Field;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
};

/** Names of embedded resources (or their aliases), outermost first; `[]` is the top level. */
export type EmbedPath = string[];

export interface RowRange { offset: number; limit?: number }

export interface Preferences {
  return?: 'minimal' | 'headers-only' | 'representation';
  count?: 'exact' | 'planned' | 'estimated';
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  missing?: 'default' | 'null';
  handling?: 'strict' | 'lenient';
  tx?: 'commit' | 'rollback';
  timezone?: string;
  maxAffected?: number;
  /** Legacy `params=` (removed in PostgREST v13): recorded, never honoured, listed in `invalid`. */
  params?: string;
  /** Tokens PostgREST does not recognise (PGRST122 under handling=strict). */
  invalid: string[];
}

export type PlanOption = 'analyze' | 'verbose' | 'settings' | 'buffers' | 'wal';

export type MediaType =
  | { kind: 'json' } | { kind: 'geojson' } | { kind: 'csv' } | { kind: 'text' } | { kind: 'xml' }
  | { kind: 'openapi' } | { kind: 'urlencoded' } | { kind: 'octet-stream' } | { kind: 'any' }
  | { kind: 'object'; stripNulls: boolean }
  | { kind: 'array-stripped' }
  | { kind: 'plan'; for: MediaType; format: 'text' | 'json'; options: PlanOption[] }
  | { kind: 'other'; mime: string };

export type Payload =
  /** JSON (or CSV / form converted to JSON). `rows` normalises an object to `[object]`, a scalar to `[]`. */
  | { kind: 'json'; value: unknown; rows: Record<string, unknown>[]; keys: string[] }
  /** Name/value pairs: RPC GET/HEAD query arguments or an RPC form body; repeated names = variadic. */
  | { kind: 'params'; pairs: [string, string][]; keys: string[] }
  /** Whole body for a single unnamed text/xml/bytea RPC parameter. */
  | { kind: 'raw'; mediaType: 'text' | 'xml' | 'octet-stream'; body: string | Uint8Array };

export interface ApiRequest {
  method: HttpMethod;
  /** Raw path as received (PostgREST `request.path`). */
  path: string;
  target: Target;
  action: Action;
  schema: string;
  /** Schema chosen by a profile header or several schemas exposed → answer with `Content-Profile`. */
  negotiatedByProfile: boolean;
  select: SelectItem[];
  filters: { path: EmbedPath; filter: Filter }[];
  logic: { path: EmbedPath; tree: LogicTree }[];
  order: { path: EmbedPath; terms: OrderTerm[] }[];
  /** Top-level rows: `limit`/`offset` intersected with the `Range` header (GET only). */
  range: RowRange;
  /** `<embed>.limit` / `<embed>.offset`, one entry per embed path (last value wins). */
  embedRanges: { path: EmbedPath; range: RowRange }[];
  /** `?columns=` as given, or null. */
  columns: string[] | null;
  onConflict: string[] | null;
  payload: Payload | null;
  /** Effective payload column names: `columns` if given, else the payload keys. */
  payloadColumns: string[];
  preferences: Preferences;
  /** `Preference-Applied` tokens for this action (resolution assumes a PK or on_conflict exists). */
  appliedPreferences: string[];
  /** Accept header, ordered by q-value. */
  accept: MediaType[];
  /** Negotiated response media type (null for OPTIONS). */
  mediaType: MediaType | null;
  contentType: MediaType;
  /** Alphabetically sorted query string for `Content-Location`. */
  canonicalQuery: string;
  /** Lower-cased request headers without `cookie` (for `request.headers`). */
  headers: Record<string, string>;
  cookies: Record<string, string>;
}
