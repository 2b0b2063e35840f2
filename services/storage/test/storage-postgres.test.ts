// The same scenarios on the postgres engine (a database on the server behind TEST_PG_URL), both backends.
import { after, before, describe } from 'node:test';
import { pgSkip, startStack, type BackendKind, type Stack } from './helpers.ts';
import { apiScenarios } from './scenarios/api.ts';
import { rlsScenarios } from './scenarios/rls.ts';
import { safetyScenarios } from './scenarios/safety.ts';
import { tusScenarios } from './scenarios/tus.ts';
import { renderScenarios } from './scenarios/render.ts';
import { s3Scenarios } from './scenarios/s3-protocol.ts';

for (const backend of ['file', 's3'] as BackendKind[]) {
  describe(`storage on postgres + ${backend} backend`, { skip: pgSkip }, () => {
    let st: Stack;
    before(async () => { st = await startStack({ engine: 'postgres', backend }); });
    after(async () => { await st?.close(); });
    apiScenarios(() => st);
    rlsScenarios(() => st);
    safetyScenarios(() => st);
    tusScenarios(() => st);
    renderScenarios(() => st);
    s3Scenarios(() => st);
  s3Scenarios(() => st);
  renderScenarios(() => st);
  s3Scenarios(() => st);
  tusScenarios(() => st);
  renderScenarios(() => st);
  s3Scenarios(() => st);
  });
}
