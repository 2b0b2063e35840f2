// File types the service accepts and the local extractor for each.
import { csvExtractor, textExtractor } from './text.ts';
import { htmlExtractor } from './html.ts';
import { pdfExtractor } from './pdf.ts';
import { imageExtractor } from './image.ts';
import { docxExtractor } from './docx.ts';
import { pptxExtractor } from './pptx.ts';
import { xlsxExtractor } from './xlsx.ts';
import type { Extractor } from './types.ts';

export const FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

const BY_TYPE: Record<string, Extractor> = {
  'application/pdf': pdfExtractor,
  'text/plain': textExtractor,
  'text/markdown': textExtractor,
  'text/csv': csvExtractor,
  'text/html': htmlExtractor,
  [FILE_TYPES.docx]: docxExtractor,
  [FILE_TYPES.pptx]: pptxExtractor,
  [FILE_TYPES.xlsx]: xlsxExtractor,
  'image/png': imageExtractor,
  'image/jpeg': imageExtractor,
  'image/webp': imageExtractor,
  'image/gif': imageExtractor,
  'image/tiff': imageExtractor,
};

/** The MIME type of an accepted file, from its extension (a browser's octet-stream is corrected), or null. */
export function fileTypeOf(fileName: string, declared?: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext && FILE_TYPES[ext]) return FILE_TYPES[ext];
  const d = declared?.split(';')[0].trim().toLowerCase();
  return d && BY_TYPE[d] ? d : null;
}

export function extractorFor(fileType: string): Extractor | null {
  return BY_TYPE[fileType] ?? null;
}

export const ACCEPTED_EXTENSIONS = Object.keys(FILE_TYPES).map((e) => `.${e}`);
