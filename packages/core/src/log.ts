// Structured logging: typed events go to one sink (pino, JSON lines). Secrets are redacted by key name.
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

const REDACT = [
  '*.password', '*.jwt_secret', '*.jwtSecret', '*.service_role_key', '*.serviceRoleKey', '*.anon_key',
  '*.token', '*.access_token', '*.refresh_token', '*.authorization', '*.apikey', 'req.headers.authorization',
  'req.headers.apikey', '*.db_password', '*.dbPassword',
];

export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    { level: opts.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: undefined },
    (opts.destination as never) ?? pino.destination(2),
  );
}

/** A logger that drops everything, for tests and libraries used standalone. */
export const silentLogger: Logger = pino({ level: 'silent' });
