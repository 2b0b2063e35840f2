// The storage API through supabase-js on the pglite engine with the S3 backend (an s3rver on loopback).
import { after, before, describe } from 'node:test';
import { startStack, type Stack } from './helpers.ts';
import { apiScenarios } from './scenarios/api.ts';
import { rlsScenarios } from './scenarios/rls.ts';
import { safetyScenarios } from './scenarios/safety.ts';
import { tusScenarios } from './scenarios/tus.ts';
import { renderScenarios } from './scenarios/render.ts';
import { s3Scenarios } from './scenarios/s3-protocol.ts';

describe('storage on pglite + S3 backend', () => {
  let st: Stack;
  before(async () => { st = await startStack({ engine: 'pglite', backend: 's3' }); });
  after(async () => { await st?.close(); });
  apiScenarios(() => st);
  rlsScenarios(() => st);
  safetyScenarios(() => st);
  tusScenarios(() => st);
  renderScenarios(() => st);
  s3Scenarios(() => st);
});
