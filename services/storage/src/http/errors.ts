// The one error renderer of the storage API: `{statusCode, code, error, message}` with Supabase's HTTP
// status quirk (400 for every logical status but 500, unless the code sets its own). Unknown errors are 500s.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { JwtError } from '@powabase/keys';
import { isPowabaseError, type Logger } from '@powabase/core';
import { entryOf, fromPgError } from '../errors.ts';
import { emit } from '../storage/events.ts';

export interface RenderedStorageError {
  status: number;
  body: { statusCode: string; code: string; error: string; message: string };
}

export function renderStorageError(code: string, message?: string): RenderedStorageError {
  const e = entryOf(code) ?? entryOf('InternalError')!;
  const http = e.http ?? (e.status === 500 ? 500 : 400);
  return { status: http, body: { statusCode: String(e.status), code: entryOf(code) ? code : 'InternalError', error: e.error ?? code, message: message ?? e.message } };
}

/** A rejected Bearer JWT, for the gateway's strict mode (the service itself runs lenient). */
export function renderJwtError(e: JwtError): { status: number; body: unknown } {
  return renderStorageError('AccessDenied', e.message);
}

function toRendered(err: unknown, contentType: string | undefined): RenderedStorageError | null {
  if (isPowabaseError(err) && entryOf(err.code)) return renderStorageError(err.code, err.message);
  const pg = fromPgError(err);
  if (pg) return renderStorageError(pg.code, pg.message);
  const f = err as Partial<FastifyError> & { validation?: unknown };
  if (f?.validation) return renderStorageError('InvalidRequest', f.message);
  if (f?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return renderStorageError('EntityTooLarge');
  // A Content-Type Fastify cannot even parse (no `/`): the upload's MIME type is refused.
  if (f?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return renderStorageError('InvalidMimeType', `mime type ${contentType ?? ''} is not supported`);
  if (f?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (typeof f?.statusCode === 'number' && f.statusCode === 400)) {
    return renderStorageError('InvalidRequest', f.message || 'Invalid request');
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err, request, reply) => {
    let r = toRendered(err, request.headers['content-type']);
    // A client that went away mid-request (upload aborted) is no server failure: nothing to log, no one to answer.
    if (!r && (request.raw.aborted || request.raw.socket?.destroyed)) r = renderStorageError('InvalidRequest', 'Client closed the request');
    if (!r) {
      const e = err as Error;
      emit(log, { event: 'storage_request_failed', method: request.method, route: request.routeOptions.url ?? '-', error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack } });
      r = renderStorageError('InternalError');
    }
    // An upload refused before its body was read: the rest of the body is never read, so close the connection.
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.raw.readableEnded) reply.header('connection', 'close');
    return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
  });
}
