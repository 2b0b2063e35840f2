// Sources and extraction through plain HTTP: every format generated in the test, statuses and their
// transitions, derivatives and downloads, limits, duplicates, imports, bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startStack, upload, waitExtracted, type Stack } from './helpers.ts';
import { hasCommand, makeDocx, makePdf, makePptx, makeScannedPdf, makeTextImage, makeXlsx } from './fixtures.ts';

let s: Stack;
const OCR = (await hasCommand('tesseract')) && (await hasCommand('pdftoppm'));
const ocrSkip = OCR ? false : 'tesseract-ocr and poppler-utils not installed';

before(async () => { s = await startStack(); });
after(async () => { await s?.close(); });

async function extracted(file: { name: string; data: Uint8Array | string; type?: string }, fields?: Record<string, string>) {
  const up = await upload(s, file, fields);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.extraction_status, 'pending');
  return waitExtracted(s, up.body.id);
}

const pageTexts = async (id: string) => (await s.json(`/sources/${id}/page-texts`)).body;
const derivative = async (id: string, type: string, index = 0) => (await s.api(`/sources/${id}/derivatives/${type}/download?index=${index}`));

describe('upload and extraction per format', () => {
  test('Markdown: extracted, derivatives, page texts, original download', async () => {
    const md = '# Handbook\n\nVacation policy: 25 days per year.\n\n## Travel\n\nBook trains for trips under 4 hours.';
    const up = await upload(s, { name: 'handbook.md', data: md }, { name: 'Employee handbook', metadata: '{"team":"hr"}' });
    assert.equal(up.status, 201);
    assert.match(up.body.storage_path, new RegExp(`^sources/${up.body.id}/original/handbook\\.md$`));
    assert.ok(up.body.task_id);
    const src = await waitExtracted(s, up.body.id);
    assert.equal(src.extraction_status, 'extracted');
    assert.equal(src.name, 'Employee handbook');
    assert.deepEqual(src.metadata, { team: 'hr' });
    assert.equal(src.file_type, 'text/markdown');
    assert.equal(src.auto_metadata.extraction_method, 'markdown-native');
    assert.deepEqual(Object.keys(src.derivatives).sort(), ['image', 'markdown', 'page_text', 'text']);
    assert.deepEqual(await pageTexts(src.id), { page_texts: [md], count: 1 });
    const orig = await s.api(`/sources/${src.id}/download`);
    assert.equal(orig.status, 200);
    assert.equal(await orig.text(), md);
    const mdRes = await derivative(src.id, 'markdown');
    assert.equal(mdRes.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal(await mdRes.text(), md);
    // the original lives in the sources bucket under the documented layout
    assert.deepEqual(await readdir(join(s.filesRoot, 'sources', src.id, 'original')), ['handbook.md', 'handbook.md.meta.json']);
  });

  test('TXT and CSV (CSV becomes a Markdown table)', async () => {
    const txt = await extracted({ name: 'a.txt', data: 'plain words here' });
    assert.equal(txt.extraction_status, 'extracted');
    const csv = await extracted({ name: 'prices.csv', data: 'item,price\n"Widget, large",10\nGadget,20\n' });
    assert.equal(csv.extraction_status, 'extracted');
    const md = await (await derivative(csv.id, 'markdown')).text();
    assert.equal(md, '| item | price |\n| --- | --- |\n| Widget, large | 10 |\n| Gadget | 20 |');
  });

  test('HTML: readable content as Markdown, navigation dropped', async () => {
    const body = '<p>The aurora borealis is caused by charged particles from the sun colliding with the atmosphere. '.repeat(3) + '</p>';
    const html = `<html><head><title>Northern lights</title></head><body><nav><a href="/">Home</a> | <a href="/shop">Shop</a></nav>
      <article><h1>Northern lights</h1>${body}<h2>Where to see them</h2><p>Norway, Iceland and Finland in winter are good places to watch them.</p></article>
      <footer>Copyright footer text</footer></body></html>`;
    const src = await extracted({ name: 'aurora.html', data: html });
    assert.equal(src.extraction_status, 'extracted');
    const md = await (await derivative(src.id, 'markdown')).text();
    assert.match(md, /charged particles from the sun/);
    assert.match(md, /## Where to see them/);
    assert.doesNotMatch(md, /Shop/);
  });

  test('PDF: text layer per page, 1-based ?page, 0-based derivative index, page images', async () => {
    const pdf = await makePdf(['Alpha page talks about apples.', 'Beta page talks about bananas.', 'Gamma page talks about cherries.']);
    const src = await extracted({ name: 'fruit.pdf', data: pdf });
    assert.equal(src.extraction_status, 'extracted');
    assert.equal(src.auto_metadata.page_count, 3);
    const all = await pageTexts(src.id);
    assert.equal(all.count, 3);
    assert.match(all.page_texts[1], /bananas/);
    assert.deepEqual((await s.json(`/sources/${src.id}/page-texts?page=3`)).body, { text: all.page_texts[2], page: 3, count: 3 });
    assert.equal((await s.json(`/sources/${src.id}/page-texts?page=4`)).status, 404);
    assert.match(await (await derivative(src.id, 'page_text', 1)).text(), /bananas/);
    assert.equal(src.derivatives.page_text.length, 3);
    if (await hasCommand('pdftoppm')) {
      assert.equal(src.derivatives.image.length, 3);
      const img = await derivative(src.id, 'image', 0);
      assert.equal(img.headers.get('content-type'), 'image/png');
      assert.deepEqual([...Buffer.from(await img.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    }
    assert.equal((await derivative(src.id, 'page_text', 9)).status, 404);
  });

  test('DOCX: headings kept as Markdown', async () => {
    const docx = await makeDocx([{ heading: 'Onboarding', level: 1 }, { text: 'Welcome to the company.' }, { heading: 'Laptops', level: 2 }, { text: 'IT ships a laptop on day one.' }]);
    const src = await extracted({ name: 'guide.docx', data: docx });
    assert.equal(src.extraction_status, 'extracted', src.error_message);
    const md = await (await derivative(src.id, 'markdown')).text();
    assert.match(md, /^# Onboarding/m);
    assert.match(md, /^## Laptops/m);
    assert.match(md, /IT ships a laptop on day one\./);
  });

  test('PPTX: one page per slide, in order', async () => {
    const pptx = await makePptx([{ title: 'Quarterly results', body: 'Revenue grew 12 percent.' }, { title: 'Roadmap', body: 'Launch the mobile app in spring.' }]);
    const src = await extracted({ name: 'deck.pptx', data: pptx });
    assert.equal(src.extraction_status, 'extracted', src.error_message);
    const pages = await pageTexts(src.id);
    assert.equal(pages.count, 2);
    assert.match(pages.page_texts[0], /Quarterly results[\s\S]*Revenue grew 12 percent/);
    assert.match(pages.page_texts[1], /Roadmap[\s\S]*mobile app/);
    assert.match(await (await derivative(src.id, 'markdown')).text(), /## Slide 2: Roadmap/);
  });

  test('XLSX: one page per sheet, as Markdown tables', async () => {
    const xlsx = await makeXlsx([{ name: 'Staff', rows: [['name', 'role'], ['Ada', 'engineer'], ['Grace', 'admiral']] }, { name: 'Budget', rows: [['year', 'amount'], [2024, 1500]] }]);
    const src = await extracted({ name: 'book.xlsx', data: xlsx });
    assert.equal(src.extraction_status, 'extracted', src.error_message);
    const pages = await pageTexts(src.id);
    assert.equal(pages.count, 2);
    assert.match(pages.page_texts[0], /\| Grace \| admiral \|/);
    assert.match(pages.page_texts[1], /\| 2024 \| 1500 \|/);
    assert.match(await (await derivative(src.id, 'markdown')).text(), /## Sheet: Budget/);
  });

  test('image with text: OCR by tesseract', { skip: ocrSkip }, async () => {
    const png = await makeTextImage('INVOICE NUMBER 4521 TOTAL DUE 300 DOLLARS');
    const src = await extracted({ name: 'scan.png', data: png });
    assert.equal(src.extraction_status, 'extracted', src.error_message);
    assert.equal(src.auto_metadata.extraction_method, 'tesseract-ocr');
    const text = (await pageTexts(src.id)).page_texts[0];
    assert.match(text, /INVOICE/);
    assert.match(text, /4521/);
  });

  test('scanned PDF (no text layer): OCR per page', { skip: ocrSkip }, async () => {
    const src = await extracted({ name: 'scanned.pdf', data: await makeScannedPdf('WAREHOUSE INVENTORY REPORT SECTION SEVEN') });
    assert.equal(src.extraction_status, 'extracted', src.error_message);
    assert.equal(src.auto_metadata.extraction_method, 'tesseract-ocr');
    assert.match((await pageTexts(src.id)).page_texts[0], /INVENTORY/);
  });
});

describe('bad input and faults', () => {
  test('unsupported type and empty file: 400 invalid_file', async () => {
    const bad = await upload(s, { name: 'tool.exe', data: 'MZ...' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_file');
    assert.match(bad.body.message, /Unsupported file type/);
    const empty = await upload(s, { name: 'empty.txt', data: '' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error, 'invalid_file');
  });

  test('corrupt PDF: failed with a readable error', async () => {
    const src = await extracted({ name: 'broken.pdf', data: '%PDF-1.4 this is not really a pdf' });
    assert.equal(src.extraction_status, 'failed');
    assert.match(src.error_message, /not a readable PDF/);
  });

  test('empty document: attention_required with a reason', async () => {
    const src = await extracted({ name: 'blank.txt', data: '   \n\n  ' });
    assert.equal(src.extraction_status, 'attention_required');
    assert.match(src.error_message, /No text could be extracted/);
  });

  test('duplicate content: 409 duplicate_source naming the first', async () => {
    const first = await upload(s, { name: 'dup-a.txt', data: 'unique duplicate content 123' });
    const second = await upload(s, { name: 'dup-b.txt', data: 'unique duplicate content 123' });
    assert.equal(second.status, 409);
    assert.equal(second.body.error, 'duplicate_source');
    assert.equal(second.body.duplicate.id, first.body.id);
  });

  test('invalid metadata and extraction_model: 400', async () => {
    assert.equal((await upload(s, { name: 'm.txt', data: 'x1' }, { metadata: '[1,2]' })).status, 400);
    assert.equal((await upload(s, { name: 'm.txt', data: 'x2' }, { extraction_model: 'magic' })).status, 400);
    const missing = await s.json('/sources/upload', { method: 'POST', body: new FormData() });
    assert.equal(missing.status, 400);
  });

  test('unknown or malformed ids: 404 source_not_found', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'nope']) {
      const r = await s.json(`/sources/${id}`);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { error: 'Source not found', code: 'source_not_found' });
    }
  });
});

describe('managing sources', () => {
  test('list: status filter and pagination envelope', async () => {
    const all = await s.json('/sources?limit=2&offset=0');
    assert.equal(all.status, 200);
    assert.equal(all.body.limit, 2);
    assert.equal(all.body.offset, 0);
    assert.equal(all.body.sources.length, 2);
    assert.ok(all.body.total >= 8);
    const failed = await s.json('/sources?status=failed');
    assert.ok(failed.body.sources.length >= 1);
    assert.ok(failed.body.sources.every((x: any) => x.extraction_status === 'failed'));
    assert.equal((await s.json('/sources?status=bogus')).status, 400);
  });

  test('patch name and metadata (reserved keys dropped)', async () => {
    const up = await upload(s, { name: 'p.txt', data: 'patch me please' });
    const r = await s.json(`/sources/${up.body.id}`, { method: 'PATCH', json: { name: 'Renamed', metadata: { a: 1, extraction_model: 'x' } } });
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'Renamed');
    assert.deepEqual(r.body.metadata, { a: 1 });
  });

  test('cancel: only pending or extracting; reextract from any status', async () => {
    await s.restart({ worker: { enabled: false } });
    try {
      const up = await upload(s, { name: 'c.txt', data: 'cancel me' });
      const c = await s.json(`/sources/${up.body.id}/cancel`, { method: 'POST' });
      assert.deepEqual(c.body, { message: 'Extraction cancelled' });
      assert.equal((await s.json(`/sources/${up.body.id}`)).body.extraction_status, 'cancelled');
      const again = await s.json(`/sources/${up.body.id}/cancel`, { method: 'POST' });
      assert.equal(again.status, 409);
      assert.match(again.body.error, /Cannot cancel extraction with status 'cancelled'/);
      const jobs = await s.sql(`select status from ai.jobs where payload->>'ref' = $1`, [up.body.id]);
      assert.deepEqual(jobs.rows.map((r) => r.status), ['cancelled']);
      const re = await s.json(`/sources/${up.body.id}/reextract`, { method: 'POST', json: {} });
      assert.equal(re.body.message, 'Re-extraction started');
      assert.equal((await s.json(`/sources/${up.body.id}`)).body.extraction_status, 'pending');
    } finally {
      await s.restart();
    }
    const pending = (await s.json('/sources?status=pending')).body.sources;
    for (const p of pending) assert.equal((await waitExtracted(s, p.id)).extraction_status, 'extracted');
  });

  test('delete: row, page texts and stored files are removed', async () => {
    const src = await extracted({ name: 'del.pdf', data: await makePdf(['delete me page one']) });
    assert.ok((await readdir(join(s.filesRoot, 'sources', src.id))).length > 0);
    const r = await s.json(`/sources/${src.id}`, { method: 'DELETE' });
    assert.equal(r.status, 200);
    assert.equal(r.body.message, 'Source deleted');
    assert.equal((await s.json(`/sources/${src.id}`)).status, 404);
    assert.equal((await s.sql('select count(*)::int as n from ai.page_texts where source_id = $1', [src.id])).rows[0].n, 0);
    await assert.rejects(readdir(join(s.filesRoot, 'sources', src.id)));
  });

  test('import-from-storage: an object of another bucket becomes a source', async () => {
    await s.files.put('documents', 'reports/q1.md', Readable.from([Buffer.from('# Q1\n\nSales rose in the north region.')]));
    const r = await s.json('/sources/import-from-storage', { method: 'POST', json: { bucket: 'documents', path: 'reports/q1.md', name: 'Q1 report' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const src = await waitExtracted(s, r.body.id);
    assert.equal(src.extraction_status, 'extracted');
    assert.equal(src.auto_metadata.origin_bucket, 'documents');
    const missing = await s.json('/sources/import-from-storage', { method: 'POST', json: { bucket: 'documents', path: 'nope.md' } });
    assert.equal(missing.status, 404);
  });

  test('import-url: one page fetched and extracted; crawl without a crawler key is a 400', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><head><title>Tide tables</title></head><body><article><h1>Tide tables</h1><p>${'High tide in the harbour is at six in the morning and low tide at noon. '.repeat(4)}</p></article></body></html>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tides`;
      const r = await s.json('/sources/import-url', { method: 'POST', json: { mode: 'urls', urls: [url] } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.count, 1);
      const src = await waitExtracted(s, r.body.sources[0].id);
      assert.equal(src.extraction_status, 'extracted', src.error_message);
      assert.equal(src.auto_metadata.source_type, 'url');
      assert.match(await (await derivative(src.id, 'markdown')).text(), /High tide in the harbour/);
      const crawl = await s.json('/sources/import-url', { method: 'POST', json: { mode: 'crawl', url } });
      assert.equal(crawl.status, 400);
      assert.match(crawl.body.error, /FIRECRAWL_API_KEY/);
    } finally {
      server.close();
    }
  });
});

describe('limits and OCR availability', () => {
  test('file over the configured limit: 413 file_too_large, nothing stored', async () => {
    await s.restart({ maxUploadBytes: 1000 });
    try {
      const before = (await s.json('/sources')).body.total;
      const r = await upload(s, { name: 'big.txt', data: 'x'.repeat(5000) });
      assert.equal(r.status, 413);
      assert.equal(r.body.error, 'file_too_large');
      assert.equal((await s.json('/sources')).body.total, before);
    } finally {
      await s.restart();
    }
  });

  test('without tesseract an image ends attention_required with the reason', async () => {
    await s.restart({ ocr: { tesseract: 'tesseract-not-installed-here' } });
    try {
      const src = await extracted({ name: 'photo.png', data: Buffer.from('89504e470d0a1a0a0000', 'hex') });
      assert.equal(src.extraction_status, 'attention_required');
      assert.match(src.error_message, /tesseract is not installed/);
    } finally {
      await s.restart();
    }
  });
});

describe('API-backed extraction', () => {
  test('extraction_model mistral: Mistral OCR when its key is set, else the local extractor with a reason', async () => {
    const seen: { auth?: string; type?: string; model?: string }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        seen.push({ auth: req.headers.authorization, type: body.document?.document_url?.slice(0, 28), model: body.model });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ pages: [{ index: 1, markdown: '## Page two\n\nFrom OCR' }, { index: 0, markdown: '# Scanned title\n\nOCR text one' }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const pdf = await makePdf(['local one', 'local two']);
      const noKey = await extracted({ name: 'm1.pdf', data: pdf }, { extraction_model: 'mistral' });
      assert.equal(noKey.extraction_status, 'attention_required');
      assert.match(noKey.error_message, /needs MISTRAL_API_KEY/);
      assert.equal(noKey.auto_metadata.extraction_method, 'pdf-text');
      const set = await s.json('/settings', { method: 'PUT', json: { settings: { MISTRAL_API_KEY: 'mk-test', MISTRAL_API_BASE: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` } } });
      assert.equal(set.status, 200);
      const src = await extracted({ name: 'm2.pdf', data: await makePdf(['another local one', 'two']) }, { extraction_model: 'mistral' });
      assert.equal(src.extraction_status, 'extracted', src.error_message);
      assert.equal(src.auto_metadata.extraction_method, 'mistral_ocr');
      assert.deepEqual((await pageTexts(src.id)).page_texts, ['# Scanned title\n\nOCR text one', '## Page two\n\nFrom OCR']);
      assert.deepEqual(seen[0], { auth: 'Bearer mk-test', type: 'data:application/pdf;base64,', model: 'mistral-ocr-latest' });
    } finally {
      await s.json('/settings', { method: 'PUT', json: { settings: { MISTRAL_API_KEY: '' } } });
      server.close();
    }
  });
});
