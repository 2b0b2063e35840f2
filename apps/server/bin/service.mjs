#!/usr/bin/env node
// Entry of a standalone Powabase service (what a container runs): load the TypeScript loader, then run the one
// service POWABASE_SERVICE names (rest | auth | storage | realtime | api | gateway | migrate). See apps/server README.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/standalone-main.ts');
await main(process.env);
