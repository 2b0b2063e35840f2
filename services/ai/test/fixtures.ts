// Test documents generated in the test: PDF (pdf-lib), DOCX (docx), PPTX (pptxgenjs), XLSX (exceljs),
// images of text (a PDF page rendered by pdftoppm), scanned PDFs (that image inside a PDF, no text layer).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import PptxGenJS from 'pptxgenjs';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

/** One page per entry; each page's text is wrapped into lines. */
export async function makePdf(pages: string[], fontSize = 12): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([612, 792]);
    let y = 740;
    for (const para of text.split('\n')) {
      const words = para.split(' ');
      let line = '';
      for (const w of words) {
        if (font.widthOfTextAtSize(`${line} ${w}`, fontSize) > 520) { page.drawText(line, { x: 40, y, size: fontSize, font }); y -= fontSize * 1.5; line = w; } else line = line ? `${line} ${w}` : w;
      }
      if (line) { page.drawText(line, { x: 40, y, size: fontSize, font }); y -= fontSize * 1.5; }
      y -= fontSize * 0.5;
    }
  }
  return doc.save();
}

export async function makeDocx(blocks: { heading?: string; level?: 1 | 2; text?: string }[]): Promise<Buffer> {
  const children = blocks.map((b) => b.heading
    ? new Paragraph({ text: b.heading, heading: b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1 })
    : new Paragraph({ text: b.text ?? '' }));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export async function makePptx(slides: { title: string; body: string }[]): Promise<Buffer> {
  // pptxgenjs ships CommonJS typings: its default export is the class at run time
  const Pptx = ((PptxGenJS as unknown as { default?: unknown }).default ?? PptxGenJS) as new () => import('pptxgenjs').default;
  const pptx = new Pptx();
  for (const s of slides) {
    const slide = pptx.addSlide();
    slide.addText(s.title, { x: 0.5, y: 0.3, w: 9, h: 1, fontSize: 28 });
    slide.addText(s.body, { x: 0.5, y: 1.5, w: 9, h: 3, fontSize: 16 });
  }
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

export async function makeXlsx(sheets: { name: string; rows: (string | number)[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function hasCommand(cmd: string): Promise<boolean> {
  return run(cmd, ['-v']).then(() => true, (e) => typeof e.code === 'number');
}

/** A PNG of large text (renders a one-page PDF with pdftoppm). */
export async function makeTextImage(text: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'powabase-ai-img-'));
  try {
    await writeFile(join(dir, 'in.pdf'), await makePdf([text], 20));
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, 'in.pdf'), join(dir, 'out')]);
    return await readFile(join(dir, 'out.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF whose page is only an image of text (no text layer), as a scanner makes. */
export async function makeScannedPdf(text: string): Promise<Uint8Array> {
  const png = await makeTextImage(text);
  const doc = await PDFDocument.create();
  const img = await doc.embedPng(png);
  const page = doc.addPage([612, 792]);
  page.drawImage(img, { x: 0, y: 0, width: 612, height: 792 });
  return doc.save();
}
