// Any failure as PostgREST's JSON error response; causes of unexpected errors go to the log only.
import type { Logger } from '@powabase/core';
import { isRestError } from './errors.ts';
import { renderError } from './render-error.ts';
import type { HttpResponse } from './response/build.ts';

export function errorResponse(e: unknown, method: string, log: Logger): HttpResponse {
  const r = renderError(e);
  if (!isRestError(e)) {
    const err = e as Error;
    log.error({ event: 'rest_request_failed', error: { name: err?.name, message: err?.message, stack: err?.stack } });
  }
  const headers = { ...r.headers };
  if (r.body.code === 'PGRST002') headers['Retry-After'] = '1';
  return { status: r.status, headers, body: method === 'HEAD' ? null : JSON.stringify(r.body) };
}
