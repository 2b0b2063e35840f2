// Public surface of @powabase/rest: the service (createRestService, restMigrations, config) and the
// stages it is built from (ApiRequest parser, error registry and renderer, SQLSTATE → HTTP table).
import { loadMigrations, type MigrationSet } from '@powabase/db';

export { createRestService, type RestService, type RestServiceOptions } from './service.ts';
export { defaultRestConfig, type RestConfig } from './config.ts';
export { renderAuthError, jwtRestError } from './auth-error.ts';
export { loadSchemaCache } from './schema-cache/load.ts';
export type { SchemaCache } from './schema-cache/types.ts';
export { parseApiRequest } from './api-request/parse-api-request.ts';
export type * from './api-request/types.ts';
export { appliedPreferences, parsePreferences } from './api-request/preferences.ts';
export { contentTypeHeader, decodeMediaType, parseAccept, toMime } from './api-request/media-type.ts';
export { negotiate } from './api-request/negotiate.ts';
export {
  REST_ERRORS, RETIRED_CODES, RestError, isRestError, restError,
  type ErrorStage, type RestErrorCode, type RestErrorEntry, type RestErrorParams,
} from './errors.ts';
export { renderError, type RenderedError, type RestErrorBody } from './render-error.ts';
export { fromPgError, statusForSqlState, type PgErrorLike, type SqlStateContext } from './sql-state.ts';

/** The REST service's migrations (scope 'rest'): DDL event triggers that NOTIFY pgrst 'reload schema'. */
export function restMigrations(): MigrationSet {
  return loadMigrations('rest', new URL('../migrations/', import.meta.url));
}
