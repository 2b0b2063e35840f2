// A real browser receives a postgres change: supabase-js (its UMD build) in Chromium subscribes to a table
// of a project started by the real CLI; a row inserted through the Database URL reaches the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { envFor, startPlatform, tempDataDir, type Running } from '../lib/platform.ts';
import { launch, skipReason } from './lib/browser.ts';

const entry = createRequire(import.meta.url).resolve('@supabase/supabase-js');
const umd = join(entry.slice(0, entry.lastIndexOf('/dist/') + 1), 'dist', 'umd', 'supabase.js');

let running: Running;
let browser: Browser;
let site: Server;
let siteUrl: string;

before(async () => {
  if (skipReason) return;
  running = await startPlatform(await envFor(tempDataDir()));
  const { url, anon_key } = running.project;
  const page = `<!doctype html><html><head><title>realtime</title><script src="/supabase.js"></script></head><body>
<script>
  window.events = [];
  window.status = 'init';
  const sb = supabase.createClient(${JSON.stringify(url)}, ${JSON.stringify(anon_key)});
  sb.channel('todos-feed')
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos' }, (p) => window.events.push(p))
    .subscribe((s) => { window.status = s; });
</script></body></html>`;
  site = createServer((req, res) => {
    if (req.url === '/supabase.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(umd));
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.close();
  await running?.stop();
});

test('a page in Chromium receives a postgres change through /realtime/v1', { skip: skipReason }, async () => {
  const db = new pg.Client({ connectionString: running.project.db_url });
  await db.connect();
  await db.query('create table public.todos (id serial primary key, title text not null)');
  await db.query('alter publication supabase_realtime add table public.todos');

  const page = await browser.newPage();
  await page.goto(siteUrl);
  await page.waitForFunction(() => (window as any).status === 'SUBSCRIBED', null, { timeout: 20_000 });
  await db.query("insert into public.todos (title) values ('from the database')");
  await page.waitForFunction(() => (window as any).events.length > 0, null, { timeout: 20_000 });
  const [event] = await page.evaluate(() => (window as any).events);
  assert.equal(event.eventType, 'INSERT');
  assert.equal(event.table, 'todos');
  assert.equal(event.new.title, 'from the database');
  await db.end();
});
