// The REST service's error registry: every PostgREST PGRST code with its HTTP status and message
// template, grouped by the stage that raises it. Status is decided here, never at the throw site.
import { PowabaseError } from '@powabase/core';

export type ErrorStage = 'connection' | 'api-request' | 'schema-cache' | 'jwt' | 'internal';

export interface RestErrorEntry {
  status: number;
  stage: ErrorStage;
  /** Template; `{name}` is filled from the params given to `restError`. */
  message: string;
  details?: string;
  hint?: string;
  /** 401s of the JWT stage carry `WWW-Authenticate`. */
  auth?: 'invalid-token' | 'bearer';
}

const api = (status: number, message: string, more: Partial<RestErrorEntry> = {}): RestErrorEntry =>
  ({ status, stage: 'api-request', message, ...more });
const cache = (status: number, message: string, more: Partial<RestErrorEntry> = {}): RestErrorEntry =>
  ({ status, stage: 'schema-cache', message, ...more });

export const REST_ERRORS = {
  // PGRST0xx: connection
  PGRST000: { status: 503, stage: 'connection', message: 'Database connection error.' },
  PGRST001: { status: 503, stage: 'connection', message: 'Database client error. Retrying the connection.' },
  PGRST002: { status: 503, stage: 'connection', message: 'Could not query the database for the schema cache. Retrying.' },
  PGRST003: { status: 504, stage: 'connection', message: 'Timed out acquiring connection from connection pool.' },
  // PGRST1xx: api request
  PGRST100: api(400, '{message}'),
  PGRST101: api(405, 'Cannot use the {method} method on RPC'),
  PGRST102: api(400, '{message}'),
  PGRST103: api(416, 'Requested range not satisfiable', { details: '{details}' }),
  PGRST105: api(405, "Filters must include all and only primary key columns with 'eq' operators"),
  PGRST106: api(406, 'Invalid schema: {schema}', { hint: 'Only the following schemas are exposed: {schemas}' }),
  PGRST107: api(406, 'None of these media types are available: {types}'),
  PGRST108: api(400, "'{resource}' is not an embedded resource in this request", {
    hint: "Verify that '{resource}' is included in the 'select' query parameter.",
  }),
  PGRST111: api(500, 'response.headers guc must be a JSON array composed of objects with a single key and a string value'),
  PGRST112: api(500, 'response.status guc must be a valid status code'),
  PGRST114: api(400, 'limit/offset querystring parameters are not allowed for PUT'),
  PGRST115: api(400, 'Payload values do not match URL in primary key column(s)'),
  PGRST116: api(406, 'Cannot coerce the result to a single JSON object', { details: 'The result contains {rows} rows' }),
  PGRST117: api(405, 'Unsupported HTTP method: {method}'),
  PGRST118: api(400, "A related order on '{target}' is not possible", {
    details: "'{origin}' and '{target}' do not form a many-to-one or one-to-one relationship",
  }),
  PGRST120: api(400, "Bad operator on the '{target}' embedded resource", {
    details: 'Only is null or not is null filters are allowed on embedded resources',
  }),
  PGRST121: api(500, `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`, { details: '{details}', hint: '{hint}' }),
  PGRST122: api(400, 'Invalid preferences given with handling=strict', { details: 'Invalid preferences: {prefs}' }),
  PGRST123: api(400, 'Use of aggregate functions is not allowed'),
  PGRST124: api(400, 'Query result exceeds max-affected preference constraint', { details: 'The query affects {rows} rows' }),
  PGRST125: api(404, 'Invalid path specified in request URL'),
  PGRST126: api(404, 'Root endpoint metadata is disabled'),
  PGRST127: api(400, 'Feature not implemented', { details: '{feature}' }),
  PGRST128: api(400, 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict'),
  // PGRST2xx: schema cache
  PGRST200: cache(400, "Could not find a relationship between '{origin}' and '{target}' in the schema cache"),
  PGRST201: cache(300, "Could not embed because more than one relationship was found for '{origin}' and '{target}'"),
  PGRST202: cache(404, 'Could not find the function {function} in the schema cache'),
  PGRST203: cache(300, 'Could not choose the best candidate function between: {candidates}', {
    hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  }),
  PGRST204: cache(400, "Could not find the '{column}' column of '{table}' in the schema cache"),
  PGRST205: cache(404, "Could not find the table '{schema}.{table}' in the schema cache"),
  // PGRST3xx: JWT
  PGRST300: { status: 500, stage: 'jwt', message: 'Server lacks JWT secret' },
  PGRST301: { status: 401, stage: 'jwt', message: '{message}', auth: 'invalid-token' },
  PGRST302: { status: 401, stage: 'jwt', message: 'Anonymous access is disabled', auth: 'bearer' },
  PGRST303: { status: 401, stage: 'jwt', message: '{message}', auth: 'invalid-token' },
  // PGRSTX00: internal
  PGRSTX00: { status: 500, stage: 'internal', message: 'Internal server error' },
} as const satisfies Record<string, RestErrorEntry>;

export type RestErrorCode = keyof typeof REST_ERRORS;

/** Retired codes: never reuse them. */
export const RETIRED_CODES = ['PGRST104', 'PGRST109', 'PGRST110', 'PGRST113', 'PGRST119'] as const;

/** The one error type of this service. `details` is a string, null, or (PGRST201) an array of objects. */
export class RestError extends PowabaseError {
  readonly hint: string | null;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: string, status: number, message: string,
    opts: { details?: unknown; hint?: string | null; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(code, message, { status, details: opts.details ?? null, cause: opts.cause });
    this.name = 'RestError';
    this.hint = opts.hint ?? null;
    this.headers = Object.freeze({ ...(opts.headers ?? {}) });
  }
}

export function isRestError(e: unknown): e is RestError {
  return e instanceof RestError;
}

export type RestErrorParams = Record<string, string | number>;
export interface RestErrorOverrides { details?: unknown; hint?: string | null; cause?: unknown }

const fill = (template: string, params: RestErrorParams): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : ''));

/** Builds the registry's error for `code`; `overrides` replace the templated details/hint. */
export function restError(code: RestErrorCode, params: RestErrorParams = {}, overrides: RestErrorOverrides = {}): RestError {
  const e: RestErrorEntry = REST_ERRORS[code];
  const message = fill(e.message, params);
  const details = 'details' in overrides ? overrides.details : e.details !== undefined ? fill(e.details, params) : null;
  const hint = 'hint' in overrides ? overrides.hint : e.hint !== undefined ? fill(e.hint, params) : null;
  const headers: Record<string, string> = {};
  if (e.auth === 'bearer') headers['WWW-Authenticate'] = 'Bearer';
  if (e.auth === 'invalid-token') {
    headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`;
  }
  return new RestError(code, e.status, message, { details, hint, headers, cause: overrides.cause });
}
