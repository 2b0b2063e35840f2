// The Studio's "done when" flow in a real browser against the real CLI, as one user story: sign up, create an
// organization and a project, copy the Connect modal's URL and anon key and use them with supabase-js, create a
// table, insert a row and see it through SQL, upload a file to a bucket, upload an AI source and watch it reach
// `extracted`, create a knowledge base, add the source, watch it get indexed, and find the chunk in the search
// playground. Then the AI provider keys and settings pages, axe-core and narrow layouts of the AI pages.
// Screenshots go to test-artifacts/screenshots/ (git-ignored). Imports no src/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { envFor, startPlatform, tempDataDir, type Running } from '../lib/platform.ts';
import { axeViolations, horizontalOverflow, launch, openPage, shot as screenshot, skipReason, WAIT } from './lib/browser.ts';

const CLIENT_OPTS = { realtime: { transport: ws as never }, auth: { persistSession: false, autoRefreshToken: false } };
/** Extraction and indexing run in the project's background worker (first use loads the embedding model). */
const WORK_WAIT = Number(process.env.STUDIO_E2E_WORK_WAIT ?? 120_000);

const GUIDE = `# Field guide

## Owls
The barn owl hunts at night over open fields and meadows, finding mice by sound alone.

## Herons
The grey heron waits motionless in shallow water until a fish swims close, then strikes with its long beak.
`;

/** Polls `check` until it returns a value (a state the test waits for, not a fixed sleep). */
async function until<T>(what: string, check: () => Promise<T | null>, timeoutMs = WAIT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Studio flow in Chromium: sign up to a search in the playground', { skip: skipReason }, () => {
  let running: Running;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let base: string;
  let ref = '';
  const run = Date.now().toString(36);
  const pageErrors: string[] = [];

  const go = (path: string) => page.goto(base + path);
  const shot = (name: string) => screenshot(page, `flow-${name}`);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name, exact: true });
  const aiTab = (name: string) => page.getByRole('navigation', { name: 'AI' }).getByRole('link', { name, exact: true });

  before(async () => {
    running = await startPlatform(await envFor(tempDataDir()));
    base = running.platformUrl;
    browser = await launch();
    ({ ctx, page } = await openPage(browser, { viewport: { width: 1280, height: 800 } }, pageErrors));
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('sign up → project → Connect values with supabase-js → table, row, SQL → bucket upload → AI source extracted → KB indexed → search', async () => {
    await flow().catch(async (e) => { await shot('failure').catch(() => {}); throw e; });
  });

  async function flow() {
    // Sign up, then an organization and a project of one's own, watched until healthy.
    await go('/sign-up');
    await page.getByLabel('Email').fill(`flow-${run}@example.com`);
    await page.getByLabel('Password').fill('a-good-password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    await page.getByLabel('Organization name').fill(`Flow org ${run}`);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/org\/[^/]+$/);
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Project name').fill('Flow project');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/project\/[a-z]{20}$/, { timeout: WORK_WAIT });
    ref = page.url().split('/').pop()!;
    await page.locator('.topbar [data-status="ACTIVE_HEALTHY"]').waitFor({ timeout: WORK_WAIT });
    await shot('project-overview');

    // ?showConnect=true opens the Connect modal; its values, read from the page, work with supabase-js.
    await go(`/project/${ref}?showConnect=true`);
    const modal = page.getByRole('dialog', { name: 'Connect to your project' });
    await modal.waitFor();
    const url = await modal.getByLabel('Project URL', { exact: true }).inputValue();
    const anon = await modal.getByLabel('Anon key', { exact: true }).inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await shot('connect');
    await page.keyboard.press('Escape');
    const sb = createClient(url, anon, CLIENT_OPTS);
    const signUp = await sb.auth.signUp({ email: `app-user-${run}@example.com`, password: 'another-good-password' });
    assert.equal(signUp.error, null);
    assert.equal(signUp.data.user?.email, `app-user-${run}@example.com`);

    // A table created in the table editor (RLS off, so the anon key may use it), a row inserted there, another
    // through supabase-js with the copied anon key, and both seen through SQL and through supabase-js.
    await nav('Table Editor').click();
    await page.getByRole('button', { name: 'New table' }).click();
    const tableForm = page.getByRole('dialog', { name: 'New table' });
    await tableForm.getByLabel('Table name').fill('flow_notes');
    await tableForm.getByLabel('Enable Row Level Security (RLS)').uncheck();
    await tableForm.getByRole('button', { name: 'Add column' }).click();
    await tableForm.getByRole('group', { name: /^Column 3/ }).getByLabel('Name', { exact: true }).fill('body');
    await shot('table-create');
    await tableForm.getByRole('button', { name: 'Create table' }).click();
    await page.waitForURL(/\/editor\/public\/flow_notes$/);
    await page.getByRole('button', { name: 'Insert row' }).click();
    const rowForm = page.getByRole('dialog', { name: 'Insert row' });
    await rowForm.getByLabel('body', { exact: true }).fill('written in the table editor');
    await rowForm.getByRole('button', { name: 'Insert row' }).click();
    await page.getByRole('cell', { name: 'written in the table editor' }).waitFor();
    await shot('table-editor');
    // The REST schema cache reloads on the DDL's notification; the editor's insert went through it already.
    const inserted = await until('flow_notes in the REST schema cache', async () => {
      const r = await sb.from('flow_notes').insert({ body: 'written with supabase-js' }).select('id, body').single();
      return r.error?.code === 'PGRST205' ? null : r;
    });
    assert.equal(inserted.error, null);
    assert.deepEqual(inserted.data, { id: 2, body: 'written with supabase-js' });
    const read = await sb.from('flow_notes').select('id, body').order('id');
    assert.deepEqual(read.data, [{ id: 1, body: 'written in the table editor' }, { id: 2, body: 'written with supabase-js' }]);
    await nav('SQL Editor').click();
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill('select id, body from flow_notes order by id');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('cell', { name: 'written in the table editor' }).waitFor();
    await page.getByRole('cell', { name: 'written with supabase-js' }).waitFor();
    await shot('sql-editor');

    // A file uploaded to a new bucket.
    await nav('Storage').click();
    await page.getByRole('button', { name: 'New bucket' }).click();
    const bucketForm = page.getByRole('dialog', { name: 'New bucket' });
    await bucketForm.getByLabel('Bucket name').fill('flow-files');
    // An explicit limit: a bucket created with none (file_size_limit null) is stored with 0 by Storage today,
    // which refuses every upload (reported to the lead).
    await bucketForm.getByLabel('File size limit', { exact: true }).fill('1');
    await bucketForm.getByLabel('File size limit unit').selectOption('MB');
    await bucketForm.getByRole('button', { name: 'Create bucket' }).click();
    await page.waitForURL(/\/storage\/flow-files$/);
    await page.getByLabel('Upload files').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello from the flow\n') });
    await page.getByRole('region', { name: 'Uploads' }).locator('[data-status="done"]').filter({ hasText: 'hello.txt' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'hello.txt' }).waitFor();
    assert.equal((await sb.storage.from('flow-files').list()).error, null, 'the anon key reaches Storage');
    await shot('storage');

    // AI → Sources: upload a Markdown file with a progress bar, and watch its status reach "extracted".
    await nav('AI').click();
    await page.waitForURL(/\/ai\/sources$/);
    await page.getByText('No sources yet').waitFor();
    await page.getByLabel('Upload sources').setInputFiles({ name: 'field-guide.md', mimeType: 'text/markdown', buffer: Buffer.from(GUIDE) });
    const upload = page.getByRole('region', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'field-guide.md' });
    await upload.and(page.locator('[data-status="done"]')).waitFor();
    assert.equal(await upload.getByRole('progressbar', { name: 'Upload of field-guide.md' }).getAttribute('value'), '100');
    const sourceRow = page.locator('tr[data-source="field-guide.md"]');
    await sourceRow.locator('[data-status="extracted"]').waitFor({ timeout: WORK_WAIT }); // the list polls while extracting
    assert.equal(await sourceRow.locator('[data-status]').innerText(), 'Extracted');
    await shot('ai-sources');

    // The source's Markdown and page text.
    await sourceRow.getByRole('link', { name: 'field-guide.md' }).click();
    await page.getByRole('heading', { name: /field-guide\.md/ }).waitFor();
    const markdown = page.getByRole('region', { name: 'Markdown', exact: true });
    await markdown.waitFor();
    assert.match(await markdown.innerText(), /## Herons\s+The grey heron waits motionless/);
    await page.getByRole('tab', { name: 'Page texts' }).click();
    await page.getByText('Page 1 of 1').waitFor();
    assert.match(await page.getByRole('region', { name: 'Text of page 1' }).innerText(), /barn owl hunts at night/);
    await shot('ai-source');

    // A knowledge base, created from the project's defaults with a smaller chunk size.
    await aiTab('Knowledge bases').click();
    await page.getByRole('button', { name: 'New knowledge base' }).click();
    const kbForm = page.getByRole('dialog', { name: 'New knowledge base' });
    await kbForm.getByLabel('Name', { exact: true }).fill('Birds');
    assert.equal(await kbForm.getByLabel('Indexing strategy').inputValue(), 'chunk_embed');
    assert.equal(await kbForm.getByLabel('Embedding model').inputValue(), 'local/use-lite');
    await kbForm.getByLabel('Chunk size (tokens)').fill('300');
    await kbForm.getByLabel('Retrieval method').selectOption('hybrid');
    await shot('ai-kb-create');
    await kbForm.getByRole('button', { name: 'Create knowledge base' }).click();
    await page.waitForURL(/\/ai\/knowledge-bases\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Birds' }).waitFor();
    await page.getByText('300 / 50 tokens').waitFor();

    // Add the source and watch it get indexed (the page polls while indexing).
    await page.getByLabel('Add a source').selectOption({ label: 'field-guide.md' });
    await page.getByRole('button', { name: 'Add source' }).click();
    const indexed = page.locator('tr[data-source="field-guide.md"]');
    await indexed.locator('[data-status="indexed"]').waitFor({ timeout: WORK_WAIT });
    assert.ok(Number(await indexed.getByRole('cell').nth(2).innerText()) >= 2, 'the two sections became chunks');
    await shot('ai-kb');

    // The search playground ranks the heron chunk first, with its score, source and chunk index.
    await page.getByLabel('Query', { exact: true }).fill('which bird stands still in the water to catch fish');
    await page.getByLabel('Method', { exact: true }).selectOption('hybrid');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await results.first().waitFor();
    const top = await results.first().innerText();
    assert.match(top, /grey heron waits motionless/);
    assert.match(top, /#1 · field-guide\.md/);
    assert.match(top, /chunk \d+ · score \d\.\d{4}/);
    for (const method of ['vector_search', 'full_text']) {
      await page.getByLabel('Method', { exact: true }).selectOption(method);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText(new RegExp(`result.* \\(${method}\\)`)).waitFor();
      assert.match(await results.first().innerText(), /grey heron/, method);
    }
    await shot('ai-search');
  }

  test('AI provider keys: a malformed key is refused with the reason; settings: save, revert', async () => {
    await go(`/project/${ref}/ai/provider-keys`);
    const openai = page.locator('tr[data-provider="openai"]');
    await openai.getByText('Not set').waitFor();
    await page.getByRole('button', { name: 'Add key for OpenAI' }).click();
    const keyForm = page.getByRole('dialog', { name: 'Add OpenAI key' });
    await keyForm.getByLabel('API key').fill('not-a-key');
    await keyForm.getByRole('button', { name: 'Save key' }).click();
    assert.match(await keyForm.getByRole('alert').innerText(), /does not look like a openai API key/);
    await shot('ai-provider-keys');
    await keyForm.getByRole('button', { name: 'Cancel' }).click();

    await aiTab('Settings').click();
    await page.getByRole('tab', { name: 'Knowledge Retrieval' }).click();
    const topK = page.getByLabel('Default top_k', { exact: true });
    assert.equal(await topK.inputValue(), '5');
    await topK.fill('500');
    await page.getByRole('button', { name: 'Save 1 change' }).click();
    assert.match(await page.getByRole('alert').first().innerText(), /Default top_k: must be at most 200/);
    await topK.fill('8');
    await page.getByRole('button', { name: 'Save 1 change' }).click();
    await page.getByText('Settings saved.').waitFor();
    assert.equal(await topK.inputValue(), '8');
    await shot('ai-settings');
    await page.getByRole('button', { name: 'Revert Default top_k to its default' }).click();
    await page.waitForFunction(() => (document.querySelector('[data-setting="KB_DEFAULT_TOP_K"] input') as HTMLInputElement | null)?.value === '5');
  });

  test('the AI pages have no serious axe-core violations and no sideways overflow, at 1280×800 and 390 px', async () => {
    await go(`/project/${ref}/ai/knowledge-bases`);
    await page.getByRole('link', { name: 'Birds' }).click();
    await page.waitForURL(/\/ai\/knowledge-bases\/[0-9a-f-]{36}$/);
    const kbPath = new URL(page.url()).pathname;
    await go(`/project/${ref}/ai/sources`);
    await page.getByRole('link', { name: 'field-guide.md' }).click();
    await page.waitForURL(/\/ai\/sources\/[0-9a-f-]{36}$/);
    const sourcePath = new URL(page.url()).pathname;
    const pages = [`/project/${ref}/ai/sources`, sourcePath, `/project/${ref}/ai/knowledge-bases`, kbPath,
      `/project/${ref}/ai/provider-keys`, `/project/${ref}/ai/settings`];
    const problems: string[] = [];
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      for (const p of pages) {
        await go(p);
        await page.locator('main h2').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('[aria-label^="Loading"]'));
        for (const v of await axeViolations(page)) problems.push(`${size.width}px ${p}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
        const over = await horizontalOverflow(page);
        if (over > 0) problems.push(`${size.width}px ${p}: page is ${over}px wider than the viewport`);
        if (size.width === 390) await shot(`narrow-${p.replace(ref, 'ref').replace(/[0-9a-f-]{36}/, 'id').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(problems, []);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
