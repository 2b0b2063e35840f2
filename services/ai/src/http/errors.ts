// The one error renderer of /api: `{"error": message, "code"}` (labelled codes: `{"error": code, "message"}`),
// plus `details` fields where a code carries them. Unknown errors are a generic 500; the cause goes to the log.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isPowabaseError, type Logger } from '@powabase/core';
import { aiErrors, LABELLED_CODES, RENDERED_CODE, type AiErrorCode } from '../errors.ts';
import { emit } from '../events.ts';

export function render(code: string, message: string, details?: unknown): { status: number; body: Record<string, unknown> } {
  const entry = aiErrors.table[code as AiErrorCode] ?? aiErrors.table.internal;
  const extra = details && typeof details === 'object' && !Array.isArray(details) ? details as Record<string, unknown> : details !== undefined ? { details } : {};
  const shown = RENDERED_CODE[code] ?? code;
  const body = LABELLED_CODES.has(code) ? { error: shown, message, ...extra } : { error: message, code: shown, ...extra };
  return { status: entry.status, body };
}

function toRendered(err: unknown) {
  if (isPowabaseError(err) && aiErrors.table[err.code as AiErrorCode]) return render(err.code, err.message, err.details);
  const f = err as Partial<FastifyError> & { validation?: unknown };
  if (f?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || f?.statusCode === 413) return render('file_too_large', 'The request body exceeds the maximum upload size');
  if (f?.validation) return render('invalid_request', f.message ?? 'Invalid request');
  if (typeof f?.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    return { status: f.statusCode, body: { error: f.message || 'Invalid request', code: 'invalid_request' } };
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err, request, reply: FastifyReply) => {
    let r = toRendered(err);
    if (!r) {
      const e = err as Error;
      emit(log, { event: 'ai_request_failed', method: request.method, route: request.routeOptions.url ?? '-', error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack } });
      r = render('internal', 'Internal server error');
    }
    // a request refused before its body was read: the rest is never read, so close the connection
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.raw.readableEnded) reply.header('connection', 'close');
    return reply.code(r.status).type('application/json; charset=utf-8').send(r.body);
  });
}
