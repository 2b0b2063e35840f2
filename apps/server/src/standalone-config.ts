// Configuration of one standalone service process (distributed mode: what a container runs), every setting with
// its environment variable. Parsed once by bin/service.mjs's entry and passed down frozen; nothing else reads the env.
import { ConfigError, parseConfig, type ConfigOf, type FieldSpec } from '@powabase/core';
import { defaultRealtimeConfig, realtimeConfigFields, type RealtimeConfig } from '@powabase/realtime';

export const STANDALONE_SERVICES = ['rest', 'auth', 'storage', 'realtime', 'api', 'gateway', 'migrate'] as const;
export type StandaloneService = (typeof STANDALONE_SERVICES)[number];

export const standaloneConfigSpec = {
  service: { env: 'POWABASE_SERVICE', kind: 'string', default: '', doc: 'What this process runs: `rest`, `auth`, `storage`, `realtime`, `api`, `gateway` (proxying to the others) or `migrate` (apply every data-plane migration, then exit).' },
  projectRef: { env: 'POWABASE_PROJECT_REF', kind: 'string', default: '', doc: 'The project ref (20 letters).' },
  projectUrl: { env: 'POWABASE_PROJECT_URL', kind: 'string', default: '', doc: 'The public Project URL (the gateway as clients reach it): auth links and storage URLs are built on it.' },
  dbUrl: { env: 'POWABASE_DB_URL', kind: 'string', default: '', doc: 'The project database (PostgreSQL, `postgresql://postgres:PASSWORD@HOST:5432/postgres`). Not needed by `gateway`.' },
  jwtSecret: { env: 'POWABASE_JWT_SECRET', kind: 'string', default: '', doc: 'The project JWT secret (HS256).' },
  anonKey: { env: 'POWABASE_ANON_KEY', kind: 'string', default: '', doc: 'The project anon key.' },
  serviceKey: { env: 'POWABASE_SERVICE_KEY', kind: 'string', default: '', doc: 'The project service-role key.' },
  host: { env: 'POWABASE_HOST', kind: 'string', default: '0.0.0.0', doc: 'Interface to listen on.' },
  port: { env: 'POWABASE_PORT', kind: 'int', default: 8080, doc: 'Port to listen on.' },
  corsOrigins: { env: 'POWABASE_CORS_ORIGINS', kind: 'list', default: ['*'], doc: 'Allowed browser origins (`*` reflects any origin, with credentials).' },
  bodyLimit: { env: 'POWABASE_BODY_LIMIT', kind: 'int', default: 50 * 1024 * 1024, doc: 'Largest request body in bytes (413 beyond).' },
  trustProxy: { env: 'POWABASE_TRUST_PROXY', kind: 'list', default: [], doc: 'Proxies whose X-Forwarded-For is believed for the client IP (auth rate limits): `true`, or IPs/CIDRs of the gateway pods. Empty: none.' },
  logLevel: { env: 'POWABASE_LOG_LEVEL', kind: 'string', default: 'info', doc: 'Log level: fatal, error, warn, info, debug, trace, silent.' },
  // gateway: where each service runs (empty: not mounted, 501)
  upstreamRest: { env: 'POWABASE_UPSTREAM_REST', kind: 'string', default: '', doc: '`gateway`: base URL of the rest service, e.g. `http://rest:8080`.' },
  upstreamAuth: { env: 'POWABASE_UPSTREAM_AUTH', kind: 'string', default: '', doc: '`gateway`: base URL of the auth service.' },
  upstreamStorage: { env: 'POWABASE_UPSTREAM_STORAGE', kind: 'string', default: '', doc: '`gateway`: base URL of the storage service.' },
  upstreamRealtime: { env: 'POWABASE_UPSTREAM_REALTIME', kind: 'string', default: '', doc: '`gateway`: base URL of the realtime service (websockets are proxied).' },
  upstreamApi: { env: 'POWABASE_UPSTREAM_API', kind: 'string', default: '', doc: '`gateway`: base URL of the AI service.' },
  // storage and api: objects
  storageBackend: { env: 'POWABASE_STORAGE_BACKEND', kind: 'string', default: 'file', doc: '`file` (a folder, e.g. a volume) or `s3` (one bucket, a prefix per project).' },
  storageDir: { env: 'POWABASE_STORAGE_DIR', kind: 'string', default: './storage', doc: '`file` backend: the folder holding objects.' },
  tusDir: { env: 'POWABASE_TUS_DIR', kind: 'string', default: '', doc: 'Where partial resumable uploads live (default: `<storage dir>/.tus`, or the OS temp folder with s3); shared by replicas.' },
  s3Bucket: { env: 'POWABASE_S3_BUCKET', kind: 'string', default: '', doc: '`s3` backend: the bucket.' },
  s3Prefix: { env: 'POWABASE_S3_PREFIX', kind: 'string', default: '', doc: '`s3` backend: key prefix (default `projects/<ref>/`).' },
  s3Region: { env: 'POWABASE_S3_REGION', kind: 'string', default: 'us-east-1', doc: '`s3` backend: region.' },
  s3Endpoint: { env: 'POWABASE_S3_ENDPOINT', kind: 'string', default: '', doc: '`s3` backend: endpoint of an S3-compatible store (MinIO, R2 …); empty: AWS.' },
  s3AccessKeyId: { env: 'POWABASE_S3_ACCESS_KEY_ID', kind: 'string', default: '', doc: '`s3` backend: access key id (empty: the SDK\'s default chain).' },
  s3SecretAccessKey: { env: 'POWABASE_S3_SECRET_ACCESS_KEY', kind: 'string', default: '', doc: '`s3` backend: secret access key.' },
  s3ForcePathStyle: { env: 'POWABASE_S3_FORCE_PATH_STYLE', kind: 'bool', default: false, doc: '`s3` backend: path-style URLs (MinIO).' },
  // auth: mail
  authSettings: { env: 'POWABASE_AUTH_SETTINGS', kind: 'string', default: '', doc: 'The project\'s stored auth settings (control plane `config/auth`) as JSON; empty: defaults. Kept in the project Secret.' },
  authAutoconfirm: { env: 'POWABASE_AUTH_AUTOCONFIRM', kind: 'bool', default: false, doc: 'Confirm new users without a mail.' },
  smtpHost: { env: 'POWABASE_SMTP_HOST', kind: 'string', default: '', doc: 'SMTP server for auth mail; empty: mail is dropped (logged as `mail_dropped`), so set it or autoconfirm.' },
  smtpPort: { env: 'POWABASE_SMTP_PORT', kind: 'int', default: 587, doc: 'SMTP port (465 means implicit TLS).' },
  smtpUser: { env: 'POWABASE_SMTP_USER', kind: 'string', default: '', doc: 'SMTP user name.' },
  smtpPass: { env: 'POWABASE_SMTP_PASS', kind: 'string', default: '', doc: 'SMTP password.' },
  smtpFrom: { env: 'POWABASE_SMTP_FROM', kind: 'string', default: 'Powabase <noreply@powabase.local>', doc: 'Sender of auth mail.' },
  testRoutes: { env: 'POWABASE_TEST_ROUTES', kind: 'bool', default: false, doc: '`api`: mount `/api/_test/*` routes. Never in production.' },
} satisfies Record<string, FieldSpec>;

export type StandaloneConfig = ConfigOf<typeof standaloneConfigSpec> & {
  readonly service: StandaloneService;
  readonly realtime: RealtimeConfig;
};

const NEEDS_DB: readonly StandaloneService[] = ['rest', 'auth', 'storage', 'realtime', 'api', 'migrate'];
const NEEDS_KEYS: readonly StandaloneService[] = ['rest', 'auth', 'storage', 'realtime', 'api', 'gateway'];

/** Parses and checks the environment; throws ConfigError naming what is missing or wrong. */
export function loadStandaloneConfig(env: Record<string, string | undefined>): StandaloneConfig {
  const c = parseConfig(standaloneConfigSpec, env);
  const service = c.service as StandaloneService;
  if (!STANDALONE_SERVICES.includes(service)) {
    throw new ConfigError(`POWABASE_SERVICE must be one of ${STANDALONE_SERVICES.join(', ')}, got "${c.service}"`);
  }
  const missing: string[] = [];
  const need = (ok: boolean, name: string) => { if (!ok) missing.push(name); };
  need(!!c.projectRef, 'POWABASE_PROJECT_REF');
  if (NEEDS_DB.includes(service)) need(!!c.dbUrl, 'POWABASE_DB_URL');
  if (NEEDS_KEYS.includes(service)) {
    need(!!c.jwtSecret, 'POWABASE_JWT_SECRET');
    need(!!c.anonKey, 'POWABASE_ANON_KEY');
    need(!!c.serviceKey, 'POWABASE_SERVICE_KEY');
    need(!!c.projectUrl, 'POWABASE_PROJECT_URL');
  }
  if ((service === 'storage' || service === 'api') && c.storageBackend === 's3') need(!!c.s3Bucket, 'POWABASE_S3_BUCKET');
  if (missing.length) throw new ConfigError(`POWABASE_SERVICE=${service} needs ${missing.join(', ')}`);
  if (c.storageBackend !== 'file' && c.storageBackend !== 's3') throw new ConfigError(`POWABASE_STORAGE_BACKEND must be file or s3, got "${c.storageBackend}"`);
  if (c.authSettings) {
    let parsed: unknown;
    try { parsed = JSON.parse(c.authSettings); } catch { parsed = null; }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('POWABASE_AUTH_SETTINGS must be a JSON object');
  }
  const realtime = defaultRealtimeConfig(parseConfig(realtimeConfigFields, env));
  return Object.freeze({ ...c, service, realtime });
}

/** Fastify's trustProxy from POWABASE_TRUST_PROXY. */
export function trustProxyOf(list: readonly string[]): boolean | string[] {
  if (list.length === 0) return false;
  if (list.length === 1 && /^(true|1|yes)$/i.test(list[0])) return true;
  return [...list];
}
