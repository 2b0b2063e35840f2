// Starts the real `powabase` CLI in a temp data dir and talks to it like a user would. Imports no src/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'apps/cli/bin/powabase.mjs');

export interface Connect {
  ref: string; name: string; status: string; url: string; anon_key: string; service_role_key: string; jwt_secret: string; db_url: string;
  [k: string]: unknown;
}

/** A free port block: the OS picks one, we use it and the few above it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'powabase-e2e-'));
}

export async function envFor(dataDir: string): Promise<NodeJS.ProcessEnv> {
  // Distinct port ranges per run so parallel test files and a developer's own instance never collide.
  const base = 20000 + Math.floor(Math.random() * 20000);
  return {
    ...process.env,
    POWABASE_DATA_DIR: dataDir,
    POWABASE_PORT: String(await freePort()),
    POWABASE_PROJECT_PORT_START: String(base),
    POWABASE_DB_PORT_START: String(base + 500),
    POWABASE_TEST_ROUTES: 'true',
    POWABASE_LOG_LEVEL: 'warn',
  };
}

export interface Running {
  child: ChildProcess;
  platformUrl: string;
  project: Connect;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `powabase start --json`: resolves once it printed its ready line. */
export async function startPlatform(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'start', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = await new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform not ready in ${timeoutMs} ms:\n${err}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) { clearTimeout(timer); resolve(JSON.parse(line)); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`powabase start exited with ${code}:\n${err}`)); });
  });
  return {
    child,
    platformUrl: ready.platform_url,
    project: ready.project,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs a CLI command to completion. */
export function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export function cliToken(dataDir: string): string {
  return readFileSync(join(dataDir, 'cli-token'), 'utf8').trim();
}
