// Entry of a standalone service process (bin/service.mjs): reads the environment once, runs the service,
// stops cleanly on SIGTERM/SIGINT (Kubernetes sends SIGTERM, then SIGKILL after the grace period).
import { ConfigError, createLogger } from '@powabase/core';
import { loadStandaloneConfig } from './standalone-config.ts';
import { startStandalone } from './standalone.ts';

export async function main(env: NodeJS.ProcessEnv): Promise<void> {
  let config;
  try {
    config = loadStandaloneConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`powabase service: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger({ level: config.logLevel });
  let running;
  try {
    running = await startStandalone(config, log);
  } catch (e) {
    log.fatal({ event: 'service_failed', service: config.service, error: (e as Error).message, stack: (e as Error).stack }, 'service_failed');
    process.exit(1);
  }
  if (config.service === 'migrate') {
    log.info({ event: 'migrate_done' }, 'migrate_done');
    process.exit(0);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'service_stopping', signal }, 'service_stopping');
    await running.stop().catch((e: Error) => log.error({ event: 'service_stop_failed', error: e.message }, 'service_stop_failed'));
    log.info({ event: 'service_stopped' }, 'service_stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
