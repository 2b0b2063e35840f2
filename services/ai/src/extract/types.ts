// What an extractor takes and gives. Extractors run in the compute threads (local ones) or on the main
// thread (API-backed ones); both return plain data so results cross thread boundaries unchanged.
export interface ExtractInput {
  /** The original file on local disk (a temp copy). */
  path: string;
  fileType: string;
  fileName: string;
  /** Folder for files the extractor writes (page images); removed by the caller. */
  workDir: string;
  ocr: OcrOptions;
}

export interface OcrOptions {
  tesseract: string;
  pdftoppm: string;
  languages: string;
  pageImages: boolean;
  pageImageDpi: number;
  minPageChars: number;
}

export interface ExtractResult {
  /** Text per page (PDF page, slide, sheet; a single entry for flowing documents). */
  pages: string[];
  /** The whole document as Markdown; every page's text appears in it, in order. */
  markdown: string;
  text: string;
  /** Page renders written under workDir, 1-based page numbers. */
  images: { page: number; path: string; format: string }[];
  /** e.g. pdf-text, tesseract-ocr, docx-mammoth, txt-native. */
  method: string;
  /** Why the result needs attention (pages without text, OCR unavailable, a fallback); empty when clean. */
  warnings: string[];
  stats?: Record<string, number>;
}

/** A file that cannot be extracted (unsupported, corrupt): the source ends `failed` with this message. */
export class ExtractionError extends Error {
  constructor(message: string, readonly code = 'permanent') { super(message); this.name = 'ExtractionError'; }
}

export interface Extractor {
  readonly name: string;
  extract(input: ExtractInput): Promise<ExtractResult>;
}

export function single(markdown: string, text: string, method: string, warnings: string[] = []): ExtractResult {
  return { pages: [text], markdown, text, images: [], method, warnings };
}
