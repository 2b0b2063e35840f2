// Connect-modal snippets: pure builders from a project's Database URL parts, one per client. Each quotes
// the password as its own syntax needs, so any password (or the `[YOUR-PASSWORD]` placeholder) is safe.
export interface DbParts { user: string; password: string; host: string; port: number; database: string }

export interface ConnectionStrings {
  psql: string;
  uri: string;
  nodejs: string;
  python_psycopg: string;
  go: string;
  jdbc: string;
  dotnet: string;
  php: string;
  sqlalchemy: string;
  env: string;
}

export const PASSWORD_PLACEHOLDER = '[YOUR-PASSWORD]';

/** Splits a postgresql:// URL; a missing password is filled from `password`. Null when not a Postgres URL. */
export function parseDbUrl(url: string, password?: string): DbParts | null {
  let u: URL;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') return null;
  return {
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : password ?? '',
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

const hostPart = (h: string) => (h.includes(':') ? `[${h}]` : h);

/** URL-encodes a password, except the placeholder, which is shown as is. */
const pwEnc = (s: string) => (s === PASSWORD_PLACEHOLDER ? s : encodeURIComponent(s));

export function buildUri(p: DbParts, scheme = 'postgresql'): string {
  const auth = `${encodeURIComponent(p.user)}:${pwEnc(p.password)}`;
  return `${scheme}://${auth}@${hostPart(p.host)}:${p.port}/${encodeURIComponent(p.database)}`;
}

/** A shell argument in single quotes. */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A JS / Python string literal (double quotes, JSON escapes are valid in both). */
const dq = (s: string) => JSON.stringify(s);
/** A libpq keyword/value: quoted when empty or holding spaces, quotes or backslashes. */
const kv = (s: string) => (s === '' || /[\s'\\]/.test(s) ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : s);
/** An ADO.NET connection-string value: quoted when it holds ; = " or ' or edge spaces. */
const adoValue = (s: string) => (/[;="']|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** A PHP single-quoted string. */
const phq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function buildPsql(p: DbParts): string {
  return `psql ${shq(buildUri(p))}`;
}

export function buildNode(p: DbParts): string {
  return [
    "import pg from 'pg';",
    '',
    `const pool = new pg.Pool({ connectionString: ${dq(buildUri(p))} });`,
    "const { rows } = await pool.query('select now()');",
  ].join('\n');
}

export function buildPsycopg(p: DbParts): string {
  return [
    'import psycopg2',
    '',
    `conn = psycopg2.connect(user=${dq(p.user)}, password=${dq(p.password)}, host=${dq(p.host)}, port=${p.port}, dbname=${dq(p.database)})`,
  ].join('\n');
}

export function buildGo(p: DbParts): string {
  const dsn = `user=${kv(p.user)} password=${kv(p.password)} host=${kv(p.host)} port=${p.port} dbname=${kv(p.database)} sslmode=disable`;
  return `db, err := sql.Open("postgres", ${dq(dsn)})`;
}

export function buildJdbc(p: DbParts): string {
  const q = `user=${encodeURIComponent(p.user)}&password=${pwEnc(p.password)}`;
  return `jdbc:postgresql://${hostPart(p.host)}:${p.port}/${encodeURIComponent(p.database)}?${q}`;
}

export function buildDotnet(p: DbParts): string {
  return `User Id=${adoValue(p.user)};Password=${adoValue(p.password)};Server=${adoValue(p.host)};Port=${p.port};Database=${adoValue(p.database)}`;
}

export function buildPhp(p: DbParts): string {
  const dsn = `pgsql:host=${p.host};port=${p.port};dbname=${p.database}`;
  return `$pdo = new PDO(${phq(dsn)}, ${phq(p.user)}, ${phq(p.password)});`;
}

export function buildSqlalchemy(p: DbParts): string {
  return buildUri(p, 'postgresql+psycopg2');
}

export function buildEnv(p: DbParts, projectUrl: string, anonKey: string, serviceRoleKey: string | null): string {
  const lines = [`SUPABASE_URL=${projectUrl}`, `SUPABASE_ANON_KEY=${anonKey}`];
  if (serviceRoleKey) lines.push(`SUPABASE_SERVICE_ROLE_KEY=${serviceRoleKey}`);
  lines.push(`DATABASE_URL=${buildUri(p)}`);
  return lines.join('\n');
}

export function buildConnectionStrings(p: DbParts, projectUrl: string, anonKey: string, serviceRoleKey: string | null): ConnectionStrings {
  return {
    psql: buildPsql(p),
    uri: buildUri(p),
    nodejs: buildNode(p),
    python_psycopg: buildPsycopg(p),
    go: buildGo(p),
    jdbc: buildJdbc(p),
    dotnet: buildDotnet(p),
    php: buildPhp(p),
    sqlalchemy: buildSqlalchemy(p),
    env: buildEnv(p, projectUrl, anonKey, serviceRoleKey),
  };
}
