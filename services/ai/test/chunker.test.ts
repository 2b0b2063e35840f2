// The chunk_embed chunker: header sections, token budgets with cl100k, overlap, header context, offsets, pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkMarkdown, pageStartsIn, splitSections } from '../src/kb/chunker.ts';
import { countTokens } from '../src/kb/tokenizer.ts';

test('tiktoken counts tokens (cl100k_base)', () => {
  assert.equal(countTokens('hello world'), 2);
  assert.equal(countTokens(''), 0);
});

test('sections follow headers; headers in code fences are text', () => {
  const doc = '# A\n\ntext a\n\n```\n# not a header\n```\n\n## B\n\ntext b';
  const secs = splitSections(doc);
  assert.deepEqual(secs.map((s) => s.headerLine), ['# A', '## B']);
  assert.deepEqual(secs[1].headers, { 'Header 1': 'A', 'Header 2': 'B' });
});

test('chunks: header prepended, exact offsets, within budget, overlapping', () => {
  const body = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
  const doc = `# Guide\n\n## Setup\n\n${body}\n\n## Usage\n\nShort usage text.`;
  const chunks = chunkMarkdown(doc, { chunkSize: 60, overlap: 10 });
  assert.ok(chunks.length > 4);
  for (const c of chunks) {
    assert.ok(c.tokens <= 60 + 5, `chunk of ${c.tokens} tokens`);
    assert.ok(c.text.startsWith('## Setup\n\n') || c.text.startsWith('## Usage\n\n'));
    assert.ok(c.text.endsWith(doc.slice(c.start_char, c.end_char)));
    assert.equal(c.meta.strategy, 'markdown_header');
  }
  assert.deepEqual(chunks.map((c) => c.chunk_index), chunks.map((_, i) => i));
  const setup = chunks.filter((c) => c.meta['Header 2'] === 'Setup');
  assert.ok(setup[1].start_char < setup[0].end_char, 'consecutive chunks overlap');
  assert.equal(chunks.at(-1)!.text, '## Usage\n\nShort usage text.');
  assert.deepEqual(chunks.at(-1)!.meta, { strategy: 'markdown_header', chunk_size: 60, 'Header 1': 'Guide', 'Header 2': 'Usage' });
});

test('a single huge word is split at character level', () => {
  const chunks = chunkMarkdown('x'.repeat(5000), { chunkSize: 100, overlap: 0 });
  assert.ok(chunks.length > 1);
  assert.ok(chunks.every((c) => c.tokens <= 100));
  assert.equal(chunks.map((c) => c.text).join(''), 'x'.repeat(5000));
});

test('pages: chunks carry the 1-based pages they span', () => {
  const pages = ['first page text', 'second page text', 'third page text'];
  const doc = pages.join('\n\n');
  const starts = pageStartsIn(doc, pages);
  assert.deepEqual(starts, [0, 17, 35]);
  const [c] = chunkMarkdown(doc, { chunkSize: 500, overlap: 0 }, starts);
  assert.deepEqual(c.meta.pages, [1, 2, 3]);
});
