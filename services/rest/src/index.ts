// Public surface of @powabase/rest (stage 1): the ApiRequest parser, its types, the error registry,
// the PostgREST error renderer and the SQLSTATE → HTTP status table.
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
