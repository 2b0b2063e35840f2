// Images (PNG, JPEG, WebP, GIF, TIFF): OCR with tesseract; without it the source needs attention.
import { available, ocrImage } from './ocr.ts';
import { single, type Extractor } from './types.ts';

export const imageExtractor: Extractor = {
  name: 'tesseract-ocr',
  async extract(i) {
    if (!(await available(i.ocr.tesseract))) {
      return single('', '', 'tesseract-ocr', ['OCR is unavailable: tesseract is not installed on this server (Debian package tesseract-ocr)']);
    }
    const text = await ocrImage(i.ocr.tesseract, i.path, i.ocr.languages);
    return { ...single(text, text, 'tesseract-ocr'), images: [{ page: 1, path: i.path, format: i.fileType.split('/')[1] ?? 'png' }] };
  },
};
