// GoTrue's error wire format, chosen by the request's X-Supabase-Api-Version: versioned `{code, message}`
// (code = string) or legacy `{code: <status>, error_code, msg}`; OAuth-style `{error, error_description}`;
// weak passwords carry `weak_password.reasons`. Unknown errors are a generic 500, the cause is logged only.
import { randomUUID } from 'node:crypto';
import { isPowabaseError, type Logger } from '@powabase/core';
import { authError } from '../errors.ts';

export const API_VERSION = '2024-01-01';

export interface Rendered { status: number; body: Record<string, unknown>; headers: Record<string, string> }

/** True when the header names an API version on or after 2024-01-01 (what auth-js always sends). */
export function isVersioned(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header[0] : header;
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && v.trim() >= API_VERSION;
}

function normalise(err: unknown, log: Logger) {
  if (isPowabaseError(err)) return err;
  const e = err as { code?: unknown; message?: unknown; statusCode?: unknown };
  if (e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e?.statusCode === 400 && /JSON/i.test(String(e?.message)))) {
    return authError('bad_json', `Could not parse request body as JSON: ${String(e.message ?? '')}`);
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) return authError('request_entity_too_large');
  log.error({ event: 'auth_unexpected_error', error: { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'auth_unexpected_error');
  return authError('unexpected_failure');
}

export function renderAuthError(err: unknown, versioned: boolean, log: Logger): Rendered {
  const e = normalise(err, log);
  const details = (e.details ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  if (versioned) headers['x-supabase-api-version'] = API_VERSION;
  if (details.oauth) return { status: 400, body: details.oauth as Record<string, unknown>, headers };
  headers['x-sb-error-code'] = e.code;
  const extra = details.weak_password ? { weak_password: details.weak_password } : {};
  if (versioned) return { status: e.status, body: { code: e.code, message: e.message, ...extra }, headers };
  const body: Record<string, unknown> = { code: e.status, error_code: e.code, msg: e.message, ...extra };
  if (e.status >= 500) body.error_id = randomUUID();
  return { status: e.status, body, headers };
}
