// Turns anything thrown while handling a request into the registry's error; one JSON renderer.
import { isPowabaseError, type PowabaseError } from '@powabase/core';
import { raise } from '../errors.ts';

const FASTIFY_CODES: Record<string, Parameters<typeof raise>[0]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

export function toCpError(err: unknown): PowabaseError {
  if (isPowabaseError(err)) return err;
  const e = err as { code?: string; validation?: unknown; message?: string; statusCode?: number };
  if (e?.validation) return raise('validation_failed', e.message);
  const mapped = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return raise(mapped);
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return raise('validation_failed', e.message);
  return raise('internal');
}

/** `details` (e.g. where a SQL statement failed) only when the error carries them as an object. */
export const errorBody = (e: PowabaseError) => ({
  message: e.message, code: e.code,
  ...(e.details && typeof e.details === 'object' ? { details: e.details } : {}),
});
