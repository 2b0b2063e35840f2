// Starts a throwaway PostgreSQL server for the postgres-engine tests: initdb into a temp folder, the
// postmaster on a free loopback port, superuser postgres/postgres. Plain ESM: it runs before tsx.
// As root, initdb and postgres refuse to run, so both run as the `postgres` OS user (the temp folder is
// handed to it); otherwise they run as the current user.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const PASSWORD = 'postgres';
const READY = /database system is ready to accept connections/;

/** The first folder holding initdb and postgres: pg_config's, then /usr/lib/postgresql/N (newest first), then PATH-like folders. */
export function findPgBin() {
  const dirs = [];
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch { /* no pg_config */ }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  }
  dirs.push('/usr/local/bin', '/usr/local/pgsql/bin', '/usr/bin');
  return dirs.find((d) => d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres'))) ?? null;
}

/** uid/gid of the `postgres` OS user, or null when it does not exist. */
function postgresUser() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} failed (${code ?? sig}): ${out.trim().slice(-2000)}`));
    });
  });
}

/** Starts the postmaster and resolves once it accepts connections; rejects with its log when it stops first. */
function startPostmaster(bin, data, port, as) {
  const args = [
    '-D', data,
    '-c', `port=${port}`,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', "unix_socket_directories=",
    '-c', 'shared_buffers=32MB',
    '-c', 'max_connections=200',
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_wal_size=256MB',
    '-c', 'dynamic_shared_memory_type=mmap',
  ];
  const child = spawn(join(bin, 'postgres'), args, { ...as, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  // Keep draining stderr for the server's whole life (a full pipe would block it); keep the tail for errors.
  child.stderr.on('data', (d) => { log = (log + d).slice(-8000); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`postgres did not start within 30 s: ${log}`)); }, 30_000);
    const onData = () => {
      if (!READY.test(log)) return;
      clearTimeout(timer);
      child.stderr.off('data', onData);
      resolve({ child, log: () => log });
    };
    child.stderr.on('data', onData);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`postgres exited (${code ?? sig}) before it was ready: ${log.trim()}`)); });
  });
}

/**
 * Starts a fresh PostgreSQL server. Resolves to its superuser URL and a stop() that shuts it down and
 * removes its folder. Throws when no PostgreSQL binaries are installed or the server cannot start.
 */
export async function startPgServer() {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL binaries found (initdb + postgres; tried pg_config --bindir, /usr/lib/postgresql/*/bin, /usr/local/bin)');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const user = isRoot ? postgresUser() : null;
  if (isRoot && !user) throw new Error('running as root and there is no `postgres` OS user to run PostgreSQL as');
  const as = user ? { uid: user.uid, gid: user.gid, env: { ...process.env, HOME: tmpdir(), USER: 'postgres', LOGNAME: 'postgres' } } : {};

  const dir = mkdtempSync(join(tmpdir(), 'powabase-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(pwfile, PASSWORD + '\n', { mode: 0o600 });
    if (user) { chownSync(dir, user.uid, user.gid); chownSync(pwfile, user.uid, user.gid); }
    await run(join(bin, 'initdb'), [
      '-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C',
      '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '--no-instructions',
    ], { ...as, cwd: dir });

    let server = null;
    let lastErr = null;
    for (let attempt = 0; attempt < 3 && !server; attempt++) {
      const port = await freePort();
      server = await startPostmaster(bin, data, port, { ...as, cwd: dir }).then((s) => ({ ...s, port }), (e) => { lastErr = e; return null; });
    }
    if (!server) throw lastErr;

    const { child, port } = server;
    const onExit = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } cleanup(); };
    process.once('exit', onExit);
    child.unref();
    child.stderr.unref?.();
    let stopped = null;
    return {
      url: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
      stop() {
        stopped ??= (async () => {
          process.off('exit', onExit);
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGINT'); // fast shutdown: disconnects clients, no checkpoint wait beyond the shutdown one
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
          }
          cleanup();
        })();
        return stopped;
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}
