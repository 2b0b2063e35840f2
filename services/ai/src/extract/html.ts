// HTML: the readable content (Mozilla Readability over a linkedom DOM), converted to Markdown.
import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { single, type Extractor } from './types.ts';

export function htmlToMarkdown(html: string): string {
  return NodeHtmlMarkdown.translate(html).replace(/\n{3,}/g, '\n\n').trim();
}

export function readableHtml(html: string): { title: string; markdown: string; text: string } {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() ?? '';
  let article: { content?: string | null; textContent?: string | null; title?: string | null } | null = null;
  try {
    article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  } catch { article = null; }
  const content = article?.content ?? parseHTML(html).document.body?.innerHTML ?? html;
  let markdown = htmlToMarkdown(content);
  const heading = (article?.title || title).trim();
  if (heading && !markdown.startsWith('#') && !markdown.includes(heading)) markdown = `# ${heading}\n\n${markdown}`;
  const text = markdown.replace(/[#*_`>|-]+/g, ' ').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  return { title: heading, markdown, text };
}

export const htmlExtractor: Extractor = {
  name: 'html-readability',
  async extract(i) {
    const { markdown, text } = readableHtml(await readFile(i.path, 'utf8'));
    return single(markdown, text, 'html-readability');
  },
};
