// The Db conformance suite against the postgres engine: a fresh database on the server at TEST_PG_URL.
import { after } from 'node:test';
import { openPostgres } from '../src/postgres/engine.ts';
import { defineDbConformance } from './conformance.ts';
import { freshPgDatabase } from './helpers.ts';

const adminUrl = process.env.TEST_PG_URL;
const drops: (() => Promise<void>)[] = [];
after(async () => { for (const drop of drops) await drop(); });

defineDbConformance('postgres', async () => {
  const fresh = await freshPgDatabase(adminUrl!);
  drops.push(fresh.drop);
  return openPostgres({ url: fresh.url });
}, { skip: adminUrl ? false : 'TEST_PG_URL not set' });
