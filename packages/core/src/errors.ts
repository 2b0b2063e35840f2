// The error type every service throws. A code names the failure; the service's registry maps codes to
// HTTP statuses and its renderer to a wire format. Causes are for the log, never for the body.
export class PowabaseError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;
  constructor(code: string, message: string, opts: { status?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'PowabaseError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.details = opts.details;
  }
}

export type ErrorEntry = { status: number; message: string };

/** A table of a service's error codes; `raise` looks the status up instead of deciding it at the throw site. */
export function errorRegistry<const T extends Record<string, ErrorEntry>>(table: T) {
  return {
    table,
    raise(code: keyof T & string, message?: string, details?: unknown): PowabaseError {
      const e = table[code];
      return new PowabaseError(code, message ?? e.message, { status: e.status, details });
    },
  };
}

export function isPowabaseError(e: unknown): e is PowabaseError {
  return e instanceof PowabaseError;
}
