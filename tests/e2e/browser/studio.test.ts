// The Studio in a real browser against the real CLI: sign up and sign in, create a project and watch it come
// up, copy the Connect modal's values and use them with supabase-js, run SQL, browse and filter a table, create
// a table with RLS and insert, edit and delete a row through the grid, project settings; screenshots of the main
// pages. Axe-core scans and narrow layouts: a11y-layout.test.ts. Imports no src/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { envFor, startPlatform, tempDataDir, type Running } from '../lib/platform.ts';
import { launch, openPage, shot, skipReason, WAIT } from './lib/browser.ts';

const CLIENT_OPTS = { realtime: { transport: ws as never }, auth: { persistSession: false, autoRefreshToken: false } };

describe('Studio in Chromium', { skip: skipReason }, () => {
  let running: Running;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let owner: { email: string; password: string };
  let base: string;
  let ref = '';
  let projectUrl = '';
  let serviceKey = '';
  let anonKey = '';
  const pageErrors: string[] = [];

  const go = (path: string) => page.goto(base + path);
  const status = (s: string) => page.locator(`.topbar [data-status="${s}"]`);

  before(async () => {
    const dir = tempDataDir();
    running = await startPlatform(await envFor(dir));
    base = running.platformUrl;
    owner = JSON.parse(readFileSync(join(dir, 'platform', 'owner.json'), 'utf8'));
    browser = await launch();
    ({ ctx, page } = await openPage(browser, { viewport: { width: 1280, height: 800 } }, pageErrors));
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('the Studio is served at / and sends a signed-out visitor to sign in', async () => {
    const res = await go('/');
    assert.equal(res?.status(), 200);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('heading', { name: 'Sign in to Powabase' }).waitFor();
    await shot(page, 'sign-in');
    const api = await fetch(`${base}/v1/nope`);
    assert.deepEqual([api.status, (await api.json()).code], [404, 'route_not_found'], 'the API keeps its JSON 404');
  });

  test('sign up a new user, sign out; a wrong password is refused; sign in as the owner', async () => {
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Email').fill(`studio-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('a-good-password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    assert.match(await page.getByText('not in any organization yet').innerText(), /Create one/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);

    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByRole('alert').innerText(), /Invalid login credentials/);

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/organizations$/); // back where the sign-out left off
    await page.getByRole('link', { name: /^Default organization/ }).click();
    await page.waitForURL(/\/org\/default-organization$/);
    await page.getByRole('link', { name: /^Default project/ }).waitFor();
    await shot(page, 'organization-projects');
  });

  test('the session survives a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    assert.ok(!page.url().includes('/sign-in'));
  });

  test('create a project and watch it become healthy', async () => {
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Project name').fill('Browser project');
    // Records whether the live progress view was shown while the request ran.
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('.progress')) w.sawProgress = true; })
        .observe(document.body, { childList: true, subtree: true });
    });
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/project\/[a-z]{20}$/);
    ref = page.url().split('/').pop()!;
    await status('ACTIVE_HEALTHY').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress), true, 'progress shown');
    await page.getByRole('heading', { name: 'Browser project' }).waitFor();
    await page.getByText('project: healthy').waitFor();
    await shot(page, 'project-overview');
  });

  test('?showConnect=true opens the Connect modal; its URL and keys work with supabase-js', async () => {
    await go(`/project/${ref}?showConnect=true`);
    const modal = page.getByRole('dialog', { name: 'Connect to your project' });
    await modal.waitFor();
    const url = await modal.getByLabel('Project URL', { exact: true }).inputValue();
    const anon = await modal.getByLabel('Anon key', { exact: true }).inputValue();
    const service = modal.getByLabel('Service role key', { exact: true });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await service.getAttribute('type'), 'password', 'the service-role key is masked');
    await modal.getByRole('button', { name: 'Reveal Service role key' }).click();
    assert.equal(await service.getAttribute('type'), 'text');
    serviceKey = await service.inputValue();
    [projectUrl, anonKey] = [url, anon];
    await shot(page, 'connect-api-keys');

    const health = await fetch(`${url}/api/health`);
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
    const who = async (key: string) => (await (await fetch(`${url}/api/_test/whoami`, { headers: { apikey: key } })).json()).role;
    assert.equal(await who(anon), 'anon');
    assert.equal(await who(serviceKey), 'service_role');
    // An apikey-checked route: the anon key passes the gateway (a service not built yet answers 501 JSON).
    const sb = createClient(url, anon, CLIENT_OPTS);
    const { error } = await sb.from('studio_e2e').select();
    assert.notEqual(error?.message, 'Invalid API key');
    const ai = await fetch(`${url}/api/sources`, { headers: { apikey: anon } });
    assert.notEqual(ai.status, 401);
    assert.equal(typeof (await ai.json()), 'object');
    const forged = createClient(url, anon.slice(0, -4) + 'AAAA', CLIENT_OPTS);
    assert.equal((await forged.from('studio_e2e').select()).error?.message, 'Invalid API key');

    await modal.getByRole('tab', { name: 'Connection Strings' }).click();
    const dbUrl = modal.getByLabel('Database URL', { exact: true });
    assert.equal(await dbUrl.getAttribute('type'), 'password');
    assert.match(await dbUrl.inputValue(), /^postgresql:\/\/postgres:.+@127\.0\.0\.1:\d+\/postgres$/);
    await modal.getByLabel('Client').selectOption('nodejs');
    const snippet = await modal.locator('pre.snippet').innerText();
    assert.match(snippet, /new (pg\.)?(Client|Pool)|connectionString/);
    assert.ok(snippet.includes('••••••••'), 'the password is masked in the snippet');
    await shot(page, 'connect-connection-strings');
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'detached' });
    assert.ok(!page.url().includes('showConnect'), 'closing drops ?showConnect');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await modal.waitFor();
    await modal.getByRole('button', { name: 'Close dialog' }).click();
  });

  test('the SQL editor runs SQL as the owner and shows rows, and errors with their position', async () => {
    await go(`/project/${ref}/sql`);
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill(`create table studio_e2e (id int primary key, name text);
insert into studio_e2e select g, 'row ' || g from generate_series(1, 150) g;
update studio_e2e set name = 'from the browser' where id = 1;
select * from studio_e2e where id <= 3 order by id;`);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('cell', { name: 'from the browser' }).waitFor();
    assert.equal(await page.locator('table.data tbody tr').count(), 3);
    await shot(page, 'sql-editor');

    await sql.fill('select 1;\nselect * from no_such_table');
    await sql.press('Control+Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /42P01: relation "no_such_table" does not exist\nLINE 2: select \* from no_such_table\n\s+\^/);

    await sql.fill('create index on studio_e2e (name)');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText('Success. No rows returned.').waitFor();
    await page.getByLabel('Save current query as').fill('Index names');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Index names', exact: true }).waitFor();
  });

  test('the table editor lists schemas and tables and pages and sorts rows', async () => {
    await go(`/project/${ref}/editor`);
    await page.getByLabel('Schema').locator('option[value="auth"], option[value="storage"], option[value="extensions"]').first().waitFor({ state: 'attached' });
    const schemas = await page.getByLabel('Schema').locator('option').allTextContents();
    assert.ok(schemas.includes('public') && !schemas.includes('pg_catalog'), schemas.join(', '));
    await page.getByRole('link', { name: 'studio_e2e' }).click();
    await page.getByText('Rows 1–100 of 150 · page 1 of 2').waitFor();
    assert.equal(await page.locator('table.data tbody tr').count(), 100);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Rows 101–150 of 150 · page 2 of 2').waitFor();
    const firstCell = () => page.locator('table.data tbody tr td').first().textContent();
    await page.getByTitle('Sort by id').click(); // rows start in primary-key order: this flips it
    await page.getByText('Rows 1–100 of 150 · page 1 of 2').waitFor();
    await page.waitForFunction(() => document.querySelector('table.data tbody tr td')?.textContent === '150');
    await page.getByTitle('Sort by name').click();
    await page.waitForFunction(() => document.querySelector('table.data tbody tr td:nth-child(2)')?.textContent === 'from the browser');
    assert.equal(await firstCell(), '1');
    assert.equal(await page.locator('th[aria-sort="ascending"]').textContent(), 'nametext▲');
    await shot(page, 'table-editor');

    // Filters become PostgREST filters; each can be removed.
    await page.getByLabel('Filter column').selectOption('id');
    await page.getByLabel('Operator').selectOption('lte');
    await page.getByLabel('Value', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByText('Rows 1–3 of 3 · page 1 of 1').waitFor();
    await page.getByLabel('Filter column').selectOption('name');
    await page.getByLabel('Operator').selectOption('ilike');
    await page.getByLabel('Value', { exact: true }).fill('*BROWSER*');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByText('Rows 1–1 of 1 · page 1 of 1').waitFor();
    assert.equal(await page.locator('table.data tbody tr td:nth-child(2)').textContent(), 'from the browser');
    await shot(page, 'table-editor-filtered');
    await page.getByRole('button', { name: 'Remove filter id less or equal 3' }).click();
    await page.getByText('Rows 1–1 of 1 · page 1 of 1').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('Rows 1–100 of 150 · page 1 of 2').waitFor();
  });

  test('the table editor creates a table with RLS on; a row is inserted, edited, seen through SQL and deleted', async () => {
    await go(`/project/${ref}/editor`);
    await page.getByRole('button', { name: 'New table' }).click();
    const dialog = page.getByRole('dialog', { name: 'New table' });
    await dialog.getByLabel('Table name').fill('grid notes');
    assert.equal(await dialog.getByLabel('Enable Row Level Security (RLS)').isChecked(), true, 'RLS is on by default');
    await dialog.getByRole('button', { name: 'Add column' }).click();
    const body = dialog.getByRole('group', { name: /^Column 3/ });
    await body.getByLabel('Name').fill('body');
    await body.getByLabel('Type').selectOption('text');
    await body.getByLabel('Nullable').uncheck();
    await dialog.getByText('SQL to run').click();
    assert.match(await dialog.locator('pre.snippet').innerText(), /create table "public"\."grid notes" \([\s\S]*"body" text not null[\s\S]*enable row level security;\nnotify pgrst, 'reload schema';/);
    await shot(page, 'table-editor-new-table');
    await dialog.getByRole('button', { name: 'Create table' }).click();
    await page.waitForURL(/\/editor\/public\/grid%20notes$/);
    await page.getByText('RLS enabled').waitFor();
    await page.getByText('This table has no rows.').waitFor();

    await page.getByRole('button', { name: 'Insert row' }).click();
    const insert = page.getByRole('dialog', { name: 'Insert row' });
    await insert.getByRole('button', { name: 'Insert row' }).click(); // body is required: PostgREST's error shows
    assert.match(await insert.getByRole('alert').innerText(), /null value in column "body"/);
    await insert.getByLabel('body', { exact: true }).fill('first note');
    await insert.getByRole('button', { name: 'Insert row' }).click();
    await insert.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'first note' }).waitFor();
    await page.getByText('Rows 1–1 of 1 · page 1 of 1').waitFor();
    // The failed insert used up an identity value, so the row's id is read from the grid.
    const id = await page.locator('table.data tbody tr td').first().textContent();
    assert.match(id ?? '', /^\d+$/);

    await page.getByRole('button', { name: `Edit row ${id}`, exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit row' });
    assert.equal(await edit.getByLabel('body', { exact: true }).inputValue(), 'first note');
    await edit.getByLabel('body', { exact: true }).fill('edited in the grid');
    await edit.getByRole('button', { name: 'Save row' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'edited in the grid' }).waitFor();
    await shot(page, 'table-editor-rows');

    // RLS with no policy: the anon key sees nothing, the service role sees the row.
    const rest = (key: string) => fetch(`${projectUrl}/rest/v1/grid%20notes?select=id,body`, { headers: { apikey: key, authorization: `Bearer ${key}` } }).then((r) => r.json());
    assert.deepEqual(await rest(anonKey), []);
    assert.deepEqual(await rest(serviceKey), [{ id: Number(id), body: 'edited in the grid' }]);

    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'SQL Editor' }).click();
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill(`select n.id, n.body, c.relrowsecurity as rls from "grid notes" n, pg_class c where c.relname = 'grid notes'`);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('cell', { name: 'edited in the grid' }).waitFor();
    assert.deepEqual(await page.locator('table.data tbody tr td').allTextContents(), [id, 'edited in the grid', 'true']);

    await go(`/project/${ref}/editor/public/grid%20notes`);
    await page.getByRole('button', { name: `Delete row ${id}`, exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete row' });
    await confirm.getByRole('button', { name: 'Delete row' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('This table has no rows.').waitFor();
    assert.deepEqual(await rest(serviceKey), []);
  });

  test('auth settings: read from the platform, saved, applied: auto-confirm gives a sign-up a session at once', async () => {
    await go(`/project/${ref}/auth/settings`);
    const redirects = page.getByLabel('Redirect URLs');
    await redirects.fill('https://app.example.com/**\nhttp://localhost:3000');
    await page.getByLabel('Auto-confirm new users').check();
    await page.getByLabel('SMTP password').fill('s3cret-pass');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await shot(page, 'auth-settings');
    await page.reload();
    assert.equal(await redirects.inputValue(), 'https://app.example.com/**\nhttp://localhost:3000');
    assert.equal(await page.getByLabel('Auto-confirm new users').isChecked(), true);
    const pass = page.getByLabel('SMTP password');
    assert.deepEqual([await pass.inputValue(), await pass.getAttribute('placeholder')], ['', 'Set (hidden)'], 'the password is write-only');
    const sb = createClient(projectUrl, anonKey, CLIENT_OPTS);
    const { data, error } = await sb.auth.signUp({ email: `auto-${Date.now()}@example.com`, password: 'a-good-password-1' });
    assert.equal(error, null);
    assert.ok(data.session, 'auto-confirmed: a session at once');
  });

  test('members: the owner is listed with the owner role', async () => {
    await go('/org/default-organization/members');
    await page.getByRole('cell', { name: `${owner.email} (you)` }).waitFor();
    assert.equal(await page.getByLabel(`Role of ${owner.email}`).inputValue(), 'owner');
    await shot(page, 'organization-members');
  });

  test('project settings: rename, pause and resume, delete with typed confirmation', async () => {
    await go(`/project/${ref}/settings`);
    await page.getByLabel('Project name').fill('Renamed in browser');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'Renamed in browser' }).waitFor();
    await shot(page, 'project-settings');

    await page.getByRole('button', { name: 'Pause project' }).click();
    await status('PAUSED').waitFor();
    await page.getByRole('button', { name: 'Resume project' }).click();
    await status('ACTIVE_HEALTHY').waitFor();

    await page.getByRole('button', { name: 'Delete project' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete project' });
    const submit = confirm.getByRole('button', { name: 'Delete project' });
    assert.equal(await submit.isDisabled(), true);
    await confirm.getByLabel(/Type .* to confirm/).fill('Renamed in browser');
    await submit.click();
    await page.waitForURL(/\/org\/default-organization$/);
    await page.getByRole('link', { name: /^Default project/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^Renamed in browser/ }).count(), 0);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
