// The gateway's error codes (status decided here, not at the throw site) and its one JSON renderer.
import { errorRegistry, isPowabaseError } from '@powabase/core';

export const gatewayErrors = errorRegistry({
  // key-auth stage (Kong's exact messages)
  no_api_key: { status: 401, message: 'No API key found in request' },
  invalid_api_key: { status: 401, message: 'Invalid API key' },
  // routing stage
  no_route: { status: 404, message: 'no Route matched with those values' },
  service_not_available: { status: 501, message: 'This service is not available in this Powabase version yet' },
  // proxy stage (distributed mode: the service runs elsewhere)
  upstream_unavailable: { status: 503, message: 'The service is unavailable' },
  upstream_timeout: { status: 504, message: 'The service did not answer in time' },
  // body stage
  invalid_json: { status: 400, message: 'Request body is not valid JSON' },
  body_too_large: { status: 413, message: 'Request body is too large' },
  unsupported_media_type: { status: 415, message: 'Unsupported Media Type' },
  // anything else
  internal: { status: 500, message: 'Internal server error' },
});

export type GatewayErrorCode = keyof typeof gatewayErrors.table;

export interface RenderedError {
  status: number;
  body: { message: string; [k: string]: unknown };
}

/** `{message, ...details}`; details are only ever plain fields chosen by the gateway (e.g. `service`). */
export function renderGatewayError(code: GatewayErrorCode, message?: string, details?: Record<string, unknown>): RenderedError {
  const e = gatewayErrors.table[code];
  return { status: e.status, body: { message: message ?? e.message, ...details } };
}

const FASTIFY_CODES: Record<string, GatewayErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

/** Any thrown value -> a safe JSON error. 4xx messages pass through; 5xx become a generic message. */
export function toRenderedError(err: unknown): RenderedError {
  if (isPowabaseError(err)) {
    const extra = err.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : undefined;
    return err.status >= 500
      ? renderGatewayError('internal')
      : { status: err.status, body: { message: err.message, ...extra } };
  }
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  const mapped = typeof e?.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return renderGatewayError(mapped);
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { message: typeof e?.message === 'string' && e.message ? e.message : 'Bad Request' } };
  }
  return renderGatewayError('internal');
}
