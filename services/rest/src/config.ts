// The REST service's configuration (PostgREST's db-schemas, db-max-rows, db-aggregates-enabled, …),
// parsed by the app and passed in; defaultRestConfig() gives Supabase's choices.

export interface RestConfig {
  /** Exposed schemas; the first is the default (`db-schemas`). */
  schemas: string[];
  /** Appended to the request schema on `search_path` (`db-extra-search-path`). */
  extraSearchPath: string[];
  /** Role of requests without a role claim (`db-anon-role`); null disables anonymous access (PGRST302). */
  anonRole: string | null;
  /** Caps every top-level result (`db-max-rows`); null = no cap. */
  maxRows: number | null;
  /** `db-aggregates-enabled`. */
  aggregatesEnabled: boolean;
  /** Who may ask for `application/vnd.pgrst.plan` (EXPLAIN): nobody, the service role, or everyone. */
  plan: 'off' | 'service_role' | 'all';
  /** `db-pre-request`: a function `schema.name` called before every request, or null. */
  preRequest: string | null;
  /** `db-tx-end`. */
  txEnd: 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';
  /** statement_timeout of every request, ms (role settings may lower it); null keeps the role's. */
  statementTimeoutMs: number | null;
  /** OpenAPI at the root: list what the role may use, everything, or nothing (PGRST126). */
  openApiMode: 'follow-privileges' | 'ignore-privileges' | 'disabled';
  /** Refuse PATCH/DELETE without any filter like Supabase's pg-safeupdate (21000, 400). */
  safeUpdate: boolean;
  /** Accept embed target names that have an alias in filters (PostgREST v14 default). */
  legacyTargetNames: boolean;
  /** Prepared request plans kept (by request shape). */
  planCacheSize: number;
  /** Version reported in the OpenAPI document. */
  version: string;
}

export function defaultRestConfig(overrides: Partial<RestConfig> = {}): RestConfig {
  return {
    schemas: ['public', 'storage', 'graphql_public', 'ai'],
    extraSearchPath: ['public', 'extensions'],
    anonRole: 'anon',
    maxRows: 1000,
    aggregatesEnabled: true,
    plan: 'service_role',
    preRequest: null,
    txEnd: 'commit-allow-override',
    statementTimeoutMs: null,
    openApiMode: 'follow-privileges',
    safeUpdate: true,
    legacyTargetNames: true,
    planCacheSize: 1000,
    version: '14.3',
    ...overrides,
  };
}
