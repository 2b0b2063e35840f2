// Plain text, Markdown and CSV: read directly (CSV also rendered as a Markdown table).
import { readFile } from 'node:fs/promises';
import { ExtractionError, single, type Extractor } from './types.ts';

async function readUtf8(path: string): Promise<string> {
  const buf = await readFile(path);
  if (buf.includes(0)) throw new ExtractionError('The file is binary, not text');
  return buf.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export const textExtractor: Extractor = {
  name: 'txt-native',
  async extract(i) {
    const text = await readUtf8(i.path);
    return single(text, text, i.fileType === 'text/markdown' ? 'markdown-native' : 'txt-native');
  },
};

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export function markdownTable(rows: string[][]): string {
  if (!rows.length) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').trim();
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(r[i])).join(' | ')} |`;
  return [line(rows[0]), `| ${Array(width).fill('---').join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

export const csvExtractor: Extractor = {
  name: 'csv-native',
  async extract(i) {
    const raw = await readUtf8(i.path);
    const table = markdownTable(parseCsv(raw));
    return single(table, table, 'csv-native');
  },
};
