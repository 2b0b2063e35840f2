// The platform's configuration: every setting, its environment variable, default and meaning.
// Parsed once by the CLI entry and passed down frozen; nothing else reads process.env.
import { parseConfig, type ConfigOf, type FieldSpec } from '@powabase/core';

export const platformConfigSpec = {
  dataDir: { env: 'POWABASE_DATA_DIR', kind: 'string', default: './.powabase', doc: 'Where the platform keeps its metadata, project databases and files (`--data-dir`).' },
  host: { env: 'POWABASE_HOST', kind: 'string', default: '127.0.0.1', doc: 'Interface the platform and project gateways listen on.' },
  port: { env: 'POWABASE_PORT', kind: 'int', default: 54321, doc: 'Port of the platform API and Studio (`--port`).' },
  projectPortStart: { env: 'POWABASE_PROJECT_PORT_START', kind: 'int', default: 54400, doc: 'First port tried for project gateways; each project keeps its port across restarts.' },
  dbPortStart: { env: 'POWABASE_DB_PORT_START', kind: 'int', default: 55400, doc: 'First port tried for project Database URLs (embedded engine).' },
  publicHost: { env: 'POWABASE_PUBLIC_HOST', kind: 'string', default: '127.0.0.1', doc: 'Host name written into Project URLs and Database URLs.' },
  engine: { env: 'POWABASE_ENGINE', kind: 'string', default: 'pglite', doc: '`pglite` (embedded, default) or `postgres` (a PostgreSQL server: one database per project).' },
  postgresUrl: { env: 'POWABASE_POSTGRES_URL', kind: 'string', default: '', doc: 'Superuser URL of the PostgreSQL server used when `POWABASE_ENGINE=postgres`.' },
  corsOrigins: { env: 'POWABASE_CORS_ORIGINS', kind: 'list', default: ['*'], doc: 'Allowed browser origins for project APIs (`*` reflects any origin, with credentials).' },
  bodyLimit: { env: 'POWABASE_BODY_LIMIT', kind: 'int', default: 50 * 1024 * 1024, doc: 'Largest request body in bytes (413 beyond).' },
  allowSignup: { env: 'POWABASE_ALLOW_SIGNUP', kind: 'bool', default: true, doc: 'Whether more platform users may sign up after the first.' },
  ownerEmail: { env: 'POWABASE_OWNER_EMAIL', kind: 'string', default: 'owner@powabase.local', doc: 'Email of the local owner created on first start.' },
  ownerPassword: { env: 'POWABASE_OWNER_PASSWORD', kind: 'string', default: '', doc: 'Password of the local owner; generated and saved in the data dir when empty.' },
  defaultProject: { env: 'POWABASE_DEFAULT_PROJECT', kind: 'string', default: 'Default project', doc: 'Name of the project created on first start (empty: none).' },
  smtpHost: { env: 'POWABASE_SMTP_HOST', kind: 'string', default: '', doc: 'SMTP server for project mail (auth confirmations…); empty: the built-in local mail catcher.' },
  smtpPort: { env: 'POWABASE_SMTP_PORT', kind: 'int', default: 587, doc: 'SMTP port (465 means implicit TLS).' },
  smtpUser: { env: 'POWABASE_SMTP_USER', kind: 'string', default: '', doc: 'SMTP user name.' },
  smtpPass: { env: 'POWABASE_SMTP_PASS', kind: 'string', default: '', doc: 'SMTP password.' },
  smtpFrom: { env: 'POWABASE_SMTP_FROM', kind: 'string', default: 'Powabase <noreply@powabase.local>', doc: 'Sender of project mail.' },
  mailCatcherPort: { env: 'POWABASE_MAIL_CATCHER_PORT', kind: 'int', default: 0, doc: 'SMTP port of the local mail catcher (0: any free port). Its inbox is at `/v1/mail/messages` on the platform port.' },
  authAutoconfirm: { env: 'POWABASE_AUTH_AUTOCONFIRM', kind: 'bool', default: false, doc: 'Confirm new project users without a mail (default: confirmation mail, readable in the local catcher).' },
  logLevel: { env: 'POWABASE_LOG_LEVEL', kind: 'string', default: 'info', doc: 'Log level: fatal, error, warn, info, debug, trace, silent.' },
  testRoutes: { env: 'POWABASE_TEST_ROUTES', kind: 'bool', default: false, doc: 'Mount test-only routes (`/api/_test/*`) on project gateways. Never in production.' },
} satisfies Record<string, FieldSpec>;

export type PlatformConfig = ConfigOf<typeof platformConfigSpec>;

export function loadPlatformConfig(env: Record<string, string | undefined>, overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return parseConfig(platformConfigSpec, env, overrides);
}
