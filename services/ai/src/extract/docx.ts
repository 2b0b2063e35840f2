// DOCX: mammoth's semantic HTML (headings, lists, tables, emphasis) converted to Markdown.
import { readFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import { htmlToMarkdown } from './html.ts';
import { ExtractionError, single, type Extractor } from './types.ts';

export const docxExtractor: Extractor = {
  name: 'docx-mammoth',
  async extract(i) {
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: await readFile(i.path) })).value;
    } catch (e) {
      throw new ExtractionError(`The file is not a readable DOCX document (${(e as Error).message})`);
    }
    const markdown = htmlToMarkdown(html);
    return single(markdown, markdown, 'docx-mammoth');
  },
};
