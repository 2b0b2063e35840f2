// `powabase start`: runs the platform in the foreground until SIGINT/SIGTERM; first start sets up an owner,
// an organization and a project, then prints where everything is.
import { ensureLocalSetup, loadPlatformConfig, startPlatform } from '@powabase/server';
import { progress } from '../output.ts';

export async function start(flags: { dataDir?: string; port?: number; json?: boolean }, env: NodeJS.ProcessEnv) {
  const overrides: Record<string, unknown> = {};
  if (flags.dataDir) overrides.dataDir = flags.dataDir;
  if (flags.port !== undefined) overrides.port = flags.port;
  const config = loadPlatformConfig(env, overrides);
  const p = progress(!flags.json);
  const started = Date.now();
  p.step('Starting Powabase');
  const platform = await startPlatform(config, { onProgress: (s) => p.step(s) }).catch((e) => { p.fail('Powabase did not start'); throw e; });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nReceived ${signal}, shutting down…\n`);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  p.step('Setting up the local owner and default project');
  const setup = await ensureLocalSetup(platform);
  p.done(`Powabase is running (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const connect = setup.project ? await platform.controlPlane.connectInfo(setup.project.ref) : null;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ platform_url: platform.url, owner: setup.email, project: connect }) + '\n');
    return;
  }
  const out = [
    '',
    `  Studio         ${platform.url}`,
    `  Platform API   ${platform.url}/v1   (OpenAPI: ${platform.url}/v1/openapi.json)`,
    `  Owner          ${setup.email}   (password in ${config.dataDir}/platform/owner.json)`,
    `  Data dir       ${platform.config.dataDir}`,
  ];
  if (connect) {
    out.push(
      '',
      `  Project        ${connect.name} (${connect.ref}) — ${connect.status}`,
      `  Project URL    ${connect.url}`,
      `  anon key       ${connect.anon_key}`,
      `  service_role   ${connect.service_role_key}`,
      `  JWT secret     ${connect.jwt_secret}`,
      `  Database URL   ${connect.db_url}`,
    );
  }
  out.push('', '  Press Ctrl+C to stop.', '');
  process.stdout.write(out.join('\n') + '\n');
}
