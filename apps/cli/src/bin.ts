#!/usr/bin/env -S npx tsx
// The `powabase` command. Parses flags once, reads the environment here only, dispatches to a command.
import { parseArgs } from 'node:util';
import { start } from './commands/start.ts';
import { projects } from './commands/projects.ts';
import { CliError } from './output.ts';

const HELP = `powabase — the open-source AI backend platform

Usage:
  powabase start [--data-dir DIR] [--port N] [--json]
  powabase projects list|create|get|connect|pause|resume|delete [REF] [--name NAME] [--org SLUG] [--json]

Options:
  --data-dir DIR   data directory (default ./.powabase, env POWABASE_DATA_DIR)
  --port N         platform API port (default 54321, env POWABASE_PORT)
  --json           machine-readable output
  --url URL        platform URL for project commands (default: from the data dir, env POWABASE_URL)
Env POWABASE_ACCESS_TOKEN: a personal access token for project commands (default: the data dir's cli-token).
`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' }, name: { type: 'string' },
      org: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' }, yes: { type: 'boolean', short: 'y' },
    },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || !cmd) return void process.stdout.write(HELP);
  const env = process.env;
  const dataDir = values['data-dir'] ?? env.POWABASE_DATA_DIR ?? './.powabase';
  if (cmd === 'start') {
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !Number.isInteger(port)) throw new CliError(`--port must be a number, got "${values.port}"`);
    return start({ dataDir, port, json: values.json }, env);
  }
  if (cmd === 'projects') {
    return projects(sub, rest, { dataDir, json: values.json, name: values.name, org: values.org, url: values.url ?? env.POWABASE_URL, token: env.POWABASE_ACCESS_TOKEN });
  }
  throw new CliError(`unknown command "${cmd}"; see powabase --help`);
}

main(process.argv.slice(2)).catch((e) => {
  const msg = e instanceof CliError || (e as Error).name === 'DataDirLockedError' || (e as any)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ? (e as Error).message
    : `unexpected error: ${(e as Error).message}`;
  process.stderr.write(`powabase: ${msg}\n`);
  process.exit(1);
});
