// XLSX: sheet by sheet, each as a Markdown table of its cell values (formulas as their results).
import ExcelJS from 'exceljs';
import { markdownTable } from './text.ts';
import { ExtractionError, type Extractor } from './types.ts';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(v);
}

export const xlsxExtractor: Extractor = {
  name: 'xlsx-sheets',
  async extract(i) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(i.path);
    } catch (e) {
      throw new ExtractionError(`The file is not a readable XLSX workbook (${(e as Error).message})`);
    }
    const pages: string[] = [];
    const md: string[] = [];
    wb.eachSheet((sheet) => {
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (values.some((v) => v.trim())) rows.push(values);
      });
      const table = markdownTable(rows);
      pages.push(table);
      md.push(`## Sheet: ${sheet.name}\n\n${table}`);
    });
    return { pages, markdown: md.join('\n\n'), text: pages.join('\n\n'), images: [], method: 'xlsx-sheets', warnings: [], stats: { sheet_count: pages.length } };
  },
};
