// PDF: the text layer page by page (unpdf, a packaging of PDF.js); pages without text are OCR'd with
// tesseract when it and pdftoppm are installed, otherwise the source needs attention. Page renders become
// `image` derivatives when pdftoppm is there.
import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { available, ocrImage, renderPdfPages } from './ocr.ts';
import { ExtractionError, type ExtractResult, type Extractor } from './types.ts';

async function textLayer(path: string): Promise<string[]> {
  const data = new Uint8Array(await readFile(path));
  let pdf;
  try {
    pdf = await getDocumentProxy(data, { verbosity: 0 } as never);
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new ExtractionError('The PDF is password-protected');
    throw new ExtractionError(`The file is not a readable PDF (${(e as Error).message})`);
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return (text as string[]).map((t) => t.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim());
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

export const pdfExtractor: Extractor = {
  name: 'pdf-text',
  async extract(i): Promise<ExtractResult> {
    const pages = await textLayer(i.path);
    const warnings: string[] = [];
    const canRender = await available(i.ocr.pdftoppm);
    const canOcr = canRender && await available(i.ocr.tesseract);
    const images: ExtractResult['images'] = [];
    let rendered = new Map<number, string>();
    if (canRender && (i.ocr.pageImages || pages.some((p) => p.length < i.ocr.minPageChars))) {
      rendered = await renderPdfPages(i.ocr.pdftoppm, i.path, i.workDir, i.ocr.pageImages ? i.ocr.pageImageDpi : 200);
    }
    const blank = pages.map((p, n) => (p.length < i.ocr.minPageChars ? n + 1 : 0)).filter(Boolean);
    let ocrPages = 0;
    if (blank.length && canOcr) {
      for (const page of blank) {
        // OCR wants more resolution than a preview: render the page again at 200 dpi when previews are small
        const file = i.ocr.pageImageDpi >= 150 && rendered.get(page)
          ? rendered.get(page)!
          : (await renderPdfPages(i.ocr.pdftoppm, i.path, i.workDir, 200, page, page)).get(page);
        if (!file) continue;
        const text = await ocrImage(i.ocr.tesseract, file, i.ocr.languages);
        if (text.length > pages[page - 1].length) { pages[page - 1] = text; ocrPages++; }
      }
    } else if (blank.length) {
      warnings.push(`${blank.length} of ${pages.length} page(s) have no text layer and OCR is unavailable (install tesseract-ocr and poppler-utils): page(s) ${blank.slice(0, 20).join(', ')}${blank.length > 20 ? ', …' : ''}`);
    }
    if (i.ocr.pageImages) for (const [page, path] of [...rendered].sort((a, b) => a[0] - b[0])) images.push({ page, path, format: 'png' });
    const stillBlank = pages.filter((p) => p.length < i.ocr.minPageChars).length;
    if (canOcr && stillBlank && blank.length) warnings.push(`${stillBlank} page(s) yielded no text even after OCR`);
    const markdown = pages.filter(Boolean).join('\n\n');
    return {
      pages, markdown, text: pages.join('\n\n'), images, warnings,
      method: ocrPages === pages.length && pages.length ? 'tesseract-ocr' : ocrPages ? 'pdf-text+tesseract-ocr' : 'pdf-text',
      stats: { page_count: pages.length, ocr_pages: ocrPages },
    };
  },
};
