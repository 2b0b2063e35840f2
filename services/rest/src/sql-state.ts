// Maps Postgres errors to HTTP: the SQLSTATE → status table of PostgREST (first match wins) and the
// conversion of a driver error into a RestError, including custom `RAISE SQLSTATE 'PGRST'` errors.
import { RestError, restError } from './errors.ts';

export interface SqlStateContext {
  /** The resolved role differs from the anon role (decides 42501 → 403 vs 401). */
  authenticated: boolean;
  /** The Postgres message; 21000, 22023 and 42883 depend on it. */
  message?: string;
}

const PREFIX_STATUS: [string, number][] = [
  ['08', 503], ['09', 500], ['0L', 403], ['0P', 403],
];
const LATE_PREFIX_STATUS: [string, number][] = [
  ['25', 500], ['28', 403], ['2D', 500], ['38', 500], ['39', 500], ['3B', 500], ['40', 500],
];

/** HTTP status for a SQLSTATE. `PGRST` (custom raise) needs its DETAIL: use `fromPgError`. */
export function statusForSqlState(code: string, ctx: SqlStateContext): number {
  const msg = ctx.message ?? '';
  for (const [p, s] of PREFIX_STATUS) if (code.startsWith(p)) return s;
  switch (code) {
    case '23503': case '23505': return 409;
    case '25006': return 405;
    case '21000': return msg.endsWith('requires a WHERE clause') ? 400 : 500;
    case '22023': return msg.startsWith('role') && msg.endsWith('does not exist') ? 401 : 400;
  }
  for (const [p, s] of LATE_PREFIX_STATUS) if (code.startsWith(p)) return s;
  if (code === '53400') return 500;
  if (code.startsWith('53')) return 503;
  if (code.startsWith('54') || code.startsWith('55')) return 500;
  if (code === '57P01') return 503;
  if (['57', '58', 'F0', 'HV'].some((p) => code.startsWith(p))) return 500;
  if (code === 'P0001') return 400;
  if (code.startsWith('P0') || code.startsWith('XX')) return 500;
  if (code === '42883') return msg.startsWith('function xmlagg(') ? 406 : 404;
  if (code === '42P01') return 404;
  if (code === '42P17') return 500;
  if (code === '42501') return ctx.authenticated ? 403 : 401;
  if (code.startsWith('PT')) return customStatus(code.slice(2));
  if (code === 'PGRST') return 500;
  return 400;
}

function customStatus(digits: string): number {
  if (!/^\d+$/.test(digits)) return 500;
  const n = Number(digits);
  return n >= 100 && n <= 599 ? n : 500;
}

/** The fields of a Postgres error as drivers report them (`pg` uses `detail`). */
export interface PgErrorLike {
  code: string;
  message: string;
  detail?: string | null;
  details?: string | null;
  hint?: string | null;
}

/** Converts a database error into the service's error, status decided by `statusForSqlState`. */
export function fromPgError(pg: PgErrorLike, ctx: { authenticated: boolean }): RestError {
  const detail = pg.detail ?? pg.details ?? null;
  if (pg.code === 'PGRST') return fromCustomRaise(pg.message, detail);
  const status = statusForSqlState(pg.code, { authenticated: ctx.authenticated, message: pg.message });
  return new RestError(pg.code, status, pg.message, {
    details: detail,
    hint: pg.hint ?? null,
    headers: status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
  });
}

const MSG_HINT = "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.";
const DET_HINT = "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";

function fromCustomRaise(message: string, detail: string | null): RestError {
  const msg = parseObject(message);
  const msgOk = msg && typeof msg.code === 'string' && typeof msg.message === 'string'
    && optionalString(msg.details) && optionalString(msg.hint);
  if (!msgOk) return restError('PGRST121', {}, { details: `Invalid JSON value for MESSAGE: '${message}'`, hint: MSG_HINT });
  if (detail === null) return restError('PGRST121', {}, { details: 'DETAIL is missing in the RAISE statement', hint: DET_HINT });
  const det = parseObject(detail);
  const headers = det?.headers;
  const detOk = det && Number.isInteger(det.status) && optionalString(det.status_text)
    && isPlainObject(headers) && Object.values(headers).every((v) => typeof v === 'string');
  if (!detOk) return restError('PGRST121', {}, { details: `Invalid JSON value for DETAIL: '${detail}'`, hint: DET_HINT });
  return new RestError(msg.code as string, det.status as number, msg.message as string, {
    details: (msg.details as string | undefined) ?? null,
    hint: (msg.hint as string | undefined) ?? null,
    headers: headers as Record<string, string>,
  });
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
