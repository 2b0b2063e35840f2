// The Studio's Authentication and Storage pages in a real browser against the real CLI: create, invite, find
// and delete project users; read a supabase-js sign-up's confirmation mail in the local inbox; create a bucket,
// upload a file with a progress bar, download it, copy a signed URL and fetch it, make the bucket public, delete
// it all; axe-core scans and narrow layouts. Imports no src/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { cliToken, envFor, startPlatform, tempDataDir, type Connect, type Running } from '../lib/platform.ts';
import { axeViolations, horizontalOverflow, launch, openPage, shot, skipReason, WAIT } from './lib/browser.ts';

const CLIENT_OPTS = { realtime: { transport: ws as never }, auth: { persistSession: false, autoRefreshToken: false } };
const BUCKET = 'e2e-files';

describe('Studio auth and storage pages in Chromium', { skip: skipReason }, () => {
  let running: Running;
  let dir: string;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let base: string;
  let P: Connect;
  let ref = '';
  const run = Date.now().toString(36);
  const created = `created-${run}@example.com`;
  const signedUp = `signed-up-${run}@example.com`;
  const pageErrors: string[] = [];
  // ~600 KB of text, so the upload reports progress on its way.
  const fileBytes = Buffer.from(Array.from({ length: 12_000 }, (_, i) => `line ${i} of the e2e upload, ${'x'.repeat(30)}\n`).join(''));

  const go = (path: string) => page.goto(base + path);
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${P.url}${path}`, { ...init, headers: { apikey: P.service_role_key, authorization: `Bearer ${P.service_role_key}`, 'content-type': 'application/json' } });
  const mail = async (to: string) =>
    (await (await fetch(`${base}/v1/mail/messages?to=${encodeURIComponent(to)}`, { headers: { authorization: `Bearer ${cliToken(dir)}` } })).json()) as { total: number; messages: Array<{ id: string; subject: string }> };

  before(async () => {
    dir = tempDataDir();
    running = await startPlatform(await envFor(dir));
    base = running.platformUrl;
    P = running.project;
    const owner = JSON.parse(readFileSync(join(dir, 'platform', 'owner.json'), 'utf8')) as { email: string; password: string };
    browser = await launch();
    ({ ctx, page } = await openPage(browser, { viewport: { width: 1280, height: 800 }, acceptDownloads: true }, pageErrors));
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await go('/sign-in');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: /^Default organization/ }).click();
    await page.getByRole('link', { name: /^Default project/ }).click();
    await page.waitForURL(/\/project\/[a-z]{20}$/);
    ref = page.url().split('/').pop()!;
    assert.equal(ref, P.ref);
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('Auth → Users: create a user and see it listed; invite; search; page; delete with a confirmation', async () => {
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Authentication' }).click();
    await page.waitForURL(/\/auth\/users$/);
    await page.getByText('No users yet.').waitFor();

    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Email').fill(created);
    await dialog.getByLabel('Password').fill('a-strong-password-1');
    assert.equal(await dialog.getByLabel('Auto-confirm user').isChecked(), true);
    await shot(page, 'auth-create-user');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: created });
    await row.getByRole('cell', { name: 'Confirmed', exact: true }).waitFor();
    const listed = await (await admin('/auth/v1/admin/users')).json();
    const user = listed.users.find((u: { email: string }) => u.email === created);
    assert.ok(user?.email_confirmed_at, 'created through the admin API, confirmed');
    assert.equal(await row.getByRole('cell', { name: user.id }).count(), 1);

    const invitee = `invited-${run}@example.com`;
    await page.getByRole('button', { name: 'Invite user' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite user' });
    await invite.getByLabel('Email').fill(invitee);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('row').filter({ hasText: invitee }).getByRole('cell', { name: 'Invited', exact: true }).waitFor();
    assert.equal((await mail(invitee)).messages[0]?.subject, 'You have been invited');

    // 21 more users through the admin API: three pages of 10... the page size is 20, so two pages.
    for (let i = 0; i < 21; i++) {
      const r = await admin('/auth/v1/admin/users', { method: 'POST', body: JSON.stringify({ email: `bulk-${i}-${run}@example.com`, password: 'bulk-password-1', email_confirm: true }) });
      assert.equal(r.status, 200);
      await r.arrayBuffer(); // read every body: an unread one holds its connection open and stalls the platform's stop
    }
    await page.reload();
    await page.getByText('Users 1–20 of 23 · page 1 of 2').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Users 21–23 of 23 · page 2 of 2').waitFor();
    await page.locator('.table-wrap[aria-busy="false"]').waitFor(); // the next page's rows, not the previous
    assert.equal(await page.locator('table.data tbody tr').count(), 3);
    await page.getByLabel('Users per page').selectOption('50');
    await page.getByText('Users 1–23 of 23 · page 1 of 1').waitFor();

    await page.getByLabel('Search users').fill(`CREATED-${run}`);
    await page.getByText('Users 1–1 of 1 · page 1 of 1').waitFor();
    assert.deepEqual(await page.locator('table.data tbody tr td:first-child').allTextContents(), [created]);
    await page.getByLabel('Search users').fill('nobody-like-this');
    await page.getByText('No users match “nobody-like-this”.').waitFor();
    await page.getByLabel('Search users').fill('');
    await page.getByText('Users 1–23 of 23 · page 1 of 1').waitFor();
    await shot(page, 'auth-users');

    await page.getByRole('button', { name: `Delete user ${invitee}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete user' });
    await confirm.getByText(invitee).waitFor();
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await page.getByText(`User ${invitee} deleted.`).waitFor();
    await page.getByText('Users 1–22 of 22 · page 1 of 1').waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: invitee }).count(), 0);
    const after = await (await admin('/auth/v1/admin/users?per_page=100')).json();
    assert.equal(after.users.some((u: { email: string }) => u.email === invitee), false, 'deleted in the project');
  });

  test('a supabase-js sign-up shows in Users and its confirmation mail in Auth → Inbox', async () => {
    const anon = createClient(P.url, P.anon_key, CLIENT_OPTS);
    const { error } = await anon.auth.signUp({ email: signedUp, password: 'signed-up-password-1' });
    assert.equal(error, null);

    await page.getByLabel('Search users').fill(signedUp);
    await page.getByRole('row').filter({ hasText: signedUp }).getByRole('cell', { name: 'Waiting for verification' }).waitFor();

    await page.getByRole('navigation', { name: 'Authentication' }).getByRole('link', { name: 'Inbox' }).click();
    await page.waitForURL(/\/auth\/inbox/);
    await page.getByLabel('Recipient').fill(signedUp);
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByRole('button', { name: /Confirm Your Email/ }).click();
    await page.getByRole('heading', { name: 'Confirm Your Email' }).waitFor();
    const view = page.locator('article.mail-view');
    await view.getByText(signedUp, { exact: true }).waitFor();
    assert.equal(await page.locator('iframe.mail-frame').getAttribute('sandbox'), 'allow-popups allow-popups-to-escape-sandbox');
    const link = page.frameLocator('iframe.mail-frame').getByRole('link', { name: 'Confirm your mail' });
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /\/auth\/v1\/verify\?token=/);
    await shot(page, 'auth-inbox-message');
    // The inbox refetches every 3 s; a refetch landing on the click can put the view back on HTML: click again.
    for (let attempt = 1; ; attempt++) {
      await view.getByRole('tab', { name: 'Text' }).click();
      const shown = await view.locator('pre.mail-text').waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (shown || attempt === 4) break;
    }
    assert.match(await view.locator('pre.mail-text').innerText(), /Confirm your signup[\s\S]*\/auth\/v1\/verify/);

    // The link works: the user becomes confirmed.
    const verify = await fetch(href!.replace(/&amp;/g, '&'), { redirect: 'manual' });
    await verify.arrayBuffer();
    assert.ok([302, 303].includes(verify.status), `verify redirects (got ${verify.status})`);
    const signIn = await anon.auth.signInWithPassword({ email: signedUp, password: 'signed-up-password-1' });
    assert.equal(signIn.error, null);
  });

  test('Storage: create a bucket, upload with progress, see it listed, download it, copy a signed URL', async () => {
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Storage' }).click();
    await page.getByText('No buckets yet.').waitFor();
    await page.getByRole('button', { name: 'New bucket' }).click();
    const form = page.getByRole('dialog', { name: 'New bucket' });
    await form.getByLabel('Bucket name').fill(BUCKET);
    await form.getByLabel('File size limit', { exact: true }).fill('2');
    await form.getByLabel('File size limit unit').selectOption('MB');
    await form.getByLabel('Allowed MIME types').fill('text/plain, text/csv');
    await shot(page, 'storage-new-bucket');
    await form.getByRole('button', { name: 'Create bucket' }).click();
    await page.waitForURL(new RegExp(`/storage/${BUCKET}$`));
    await page.getByRole('heading', { name: `${BUCKET} Private` }).waitFor();
    const bucket = await (await admin(`/storage/v1/bucket/${BUCKET}`)).json();
    assert.deepEqual([bucket.public, bucket.file_size_limit, bucket.allowed_mime_types], [false, 2 * 1024 * 1024, ['text/plain', 'text/csv']]);

    await page.getByRole('button', { name: 'New folder' }).click();
    const folder = page.getByRole('dialog', { name: 'New folder' });
    await folder.getByLabel('Folder name').fill('docs');
    await folder.getByRole('button', { name: 'Create folder' }).click();
    await page.getByText('This folder is empty.').waitFor();
    assert.match(page.url(), /\?path=docs%2F$/);

    // Records every progress value shown while the upload ran.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: number[] };
      w.progressSeen = [];
      new MutationObserver(() => {
        document.querySelectorAll('progress').forEach((p) => w.progressSeen.push(Number(p.getAttribute('value'))));
      }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
    });
    await page.getByLabel('Upload files').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: fileBytes });
    const item = page.getByRole('region', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'hello.txt' });
    await item.and(page.locator('[data-status="done"]')).waitFor();
    assert.equal(await item.getByRole('progressbar', { name: 'Upload of hello.txt' }).getAttribute('value'), '100');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    assert.ok(seen.length >= 2 && seen.includes(100), `a progress bar was shown (values ${seen.join(',')})`);
    const fileRow = page.getByRole('row').filter({ hasText: 'hello.txt' });
    await fileRow.getByRole('cell', { name: 'text/plain' }).waitFor();
    await fileRow.getByRole('cell', { name: `${Math.round(fileBytes.length / 1024)} KB` }).waitFor();
    await shot(page, 'storage-uploaded');

    // A type the bucket does not allow is refused, and said so.
    await page.getByLabel('Upload files').setInputFiles({ name: 'image.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71]) });
    const refused = page.getByRole('region', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'image.png' });
    await refused.and(page.locator('[data-status="failed"]')).waitFor();
    assert.match(await refused.getByRole('alert').innerText(), /mime type image\/png is not supported/);
    await page.getByRole('button', { name: 'Clear finished uploads' }).click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download hello.txt' }).click()]);
    assert.equal(download.suggestedFilename(), 'hello.txt');
    assert.ok(readFileSync((await download.path())!).equals(fileBytes), 'the downloaded bytes are the uploaded ones');

    await page.getByRole('button', { name: 'Get URL of hello.txt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Get URL' });
    await dialog.getByLabel('Expires in').selectOption({ label: '1 minute' });
    await dialog.getByRole('button', { name: 'Create signed URL' }).click();
    const field = dialog.getByLabel('Signed URL', { exact: true });
    await field.waitFor();
    const signed = await field.inputValue();
    assert.ok(signed.startsWith(`${P.url}/storage/v1/object/sign/${BUCKET}/docs/hello.txt?token=`), signed);
    await dialog.getByRole('button', { name: 'Copy Signed URL' }).click();
    await dialog.getByRole('button', { name: 'Copy Signed URL' }).getByText('Copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), signed);
    assert.equal(await dialog.getByLabel('Public URL', { exact: true }).count(), 0, 'a private bucket has no public URL');
    await shot(page, 'storage-signed-url');
    const got = await fetch(signed);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(fileBytes), 'the signed URL serves the file, with no key');
    await dialog.getByRole('button', { name: 'Close dialog' }).click();

    // Made public: the bucket says so, and its objects get a public URL too.
    await page.getByRole('button', { name: 'Edit bucket' }).click();
    const edit = page.getByRole('dialog', { name: `Edit bucket ${BUCKET}` });
    assert.equal(await edit.getByLabel('File size limit', { exact: true }).inputValue(), '2');
    await edit.getByLabel('Public bucket').check();
    await edit.getByRole('button', { name: 'Save bucket' }).click();
    await page.getByRole('heading', { name: `${BUCKET} Public` }).waitFor();
    assert.equal((await (await admin(`/storage/v1/bucket/${BUCKET}`)).json()).public, true);
    await page.getByRole('button', { name: 'Get URL of hello.txt' }).click();
    const pub = await dialog.getByLabel('Public URL', { exact: true }).inputValue();
    assert.equal(pub, `${P.url}/storage/v1/object/public/${BUCKET}/docs/hello.txt`);
    const pubGot = await fetch(pub);
    assert.equal(pubGot.status, 200);
    assert.ok(Buffer.from(await pubGot.arrayBuffer()).equals(fileBytes), 'the public URL serves the file');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  test('the new pages have no serious or critical axe-core violations, at 1280×800 and at 390 px', async () => {
    const { messages } = await mail(signedUp);
    const pages = [`/project/${ref}/auth/users`, `/project/${ref}/auth/inbox?message=${messages[0].id}`, `/project/${ref}/storage`,
      `/project/${ref}/storage/${BUCKET}?path=docs%2F`];
    const problems: string[] = [];
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      for (const p of pages) {
        await go(p);
        await page.locator('main h1').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('[aria-label^="Loading"]') && !document.querySelector('.spinner'));
        if (p.includes('storage/')) await page.getByRole('row').filter({ hasText: 'hello.txt' }).waitFor();
        if (p.includes('inbox')) await page.frameLocator('iframe.mail-frame').getByRole('link', { name: 'Confirm your mail' }).waitFor();
        for (const v of await axeViolations(page)) problems.push(`${size.width}px ${p}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
        const over = await horizontalOverflow(page);
        if (over > 0) problems.push(`${size.width}px ${p}: page is ${over}px wider than the viewport`);
        if (size.width === 390) await shot(page, `narrow-${p.replace(ref, 'ref').replace(/\?.*$/, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`);
      }
      // A dialog too: the bucket form.
      await go(`/project/${ref}/storage`);
      await page.getByRole('button', { name: 'New bucket' }).click();
      await page.getByRole('dialog', { name: 'New bucket' }).waitFor();
      for (const v of await axeViolations(page)) problems.push(`${size.width}px new-bucket dialog: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(problems, []);
  });

  test('Storage: delete a file, a folder and the bucket, each after a confirmation', async () => {
    await go(`/project/${ref}/storage/${BUCKET}?path=docs%2F`);
    await page.getByRole('button', { name: 'Delete hello.txt' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete file' });
    await confirm.getByRole('button', { name: 'Delete file' }).click();
    await page.getByText('This folder is empty.').waitFor();

    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: BUCKET }).click();
    await page.getByRole('button', { name: 'Open folder docs' }).waitFor();
    await page.getByRole('button', { name: 'Delete docs' }).click();
    await page.getByRole('dialog', { name: 'Delete folder' }).getByRole('button', { name: 'Delete folder' }).click();
    await page.getByText('This bucket is empty.').waitFor();

    await page.getByRole('button', { name: 'Delete bucket' }).click();
    const typed = page.getByRole('dialog', { name: 'Delete bucket' });
    const submit = typed.getByRole('button', { name: 'Delete bucket' });
    assert.equal(await submit.isDisabled(), true);
    await typed.getByLabel(/Type .* to confirm/).fill(BUCKET);
    await submit.click();
    await page.waitForURL(/\/storage$/);
    await page.getByText('No buckets yet.').waitFor();
    assert.deepEqual(await (await admin('/storage/v1/bucket')).json(), []);
  });

  test('Auth → Inbox: delete all mail after a confirmation', async () => {
    await go(`/project/${ref}/auth/inbox`);
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('dialog', { name: 'Delete all mail' }).getByRole('button', { name: 'Delete all mail' }).click();
    await page.getByText('No mail yet.').waitFor();
    assert.equal((await mail(signedUp)).total, 0);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
