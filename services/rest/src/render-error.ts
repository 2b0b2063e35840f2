// Renders any thrown value as PostgREST's JSON error response: {code, details, hint, message}, the
// JSON content type, `Proxy-Status` and the error's own headers. Unknown errors become a generic 500.
import { PowabaseError } from '@powabase/core';
import { RestError, REST_ERRORS } from './errors.ts';

export interface RestErrorBody {
  code: string;
  details: unknown;
  hint: string | null;
  message: string;
}

export interface RenderedError {
  status: number;
  body: RestErrorBody;
  headers: Record<string, string>;
}

export function renderError(err: unknown): RenderedError {
  if (err instanceof RestError) {
    return build(err.status, err.code, err.message, err.details ?? null, err.hint, err.headers);
  }
  if (err instanceof PowabaseError) {
    const details = typeof err.details === 'string' ? err.details : null;
    return build(err.status, err.code, err.message, details, null, {});
  }
  // The cause of an unknown error goes to the log, never into the body.
  const internal = REST_ERRORS.PGRSTX00;
  return build(internal.status, 'PGRSTX00', internal.message, null, null, {});
}

function build(status: number, code: string, message: string, details: unknown, hint: string | null,
  extra: Readonly<Record<string, string>>): RenderedError {
  return {
    status,
    body: { code, details, hint, message },
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Proxy-Status': `PostgREST; error=${code}`,
      ...extra,
    },
  };
}
