// `npm run build -w @powabase/studio`: builds the Studio ahead of time (e.g. in a container image).
import { ensureStudioBuild } from './build.ts';

const r = await ensureStudioBuild({ onProgress: (t) => process.stderr.write(`… ${t}\n`) });
process.stdout.write(`${r.built ? 'built' : 'up to date'}: ${r.dir} (${r.ms} ms)\n`);
