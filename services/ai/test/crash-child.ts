// A second process running the AI worker against a project database (for the crash-resume test): it is
// killed with SIGKILL mid-job. Reads its settings from the environment; prints "ready" when working.
import { openPostgres } from '@powabase/db';
import { createAiService, createFsFileStore, defaultAiConfig } from '../src/index.ts';

const db = await openPostgres({ url: process.env.CHILD_DB_URL! });
const project = JSON.parse(process.env.CHILD_PROJECT!);
await createAiService({
  db, project, files: createFsFileStore({ root: process.env.CHILD_FILES! }),
  config: defaultAiConfig({ worker: { pollMs: 50, leaseMs: 1000, backoffMs: 50 }, validateKeysOnline: false }),
});
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
