// A small RFC 4180 CSV reader for request bodies: header row, `,` separators, CRLF or LF line ends,
// `"quoted"` fields with `""` escapes. Returns rows of raw field text, or an error message.

export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quotedField = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && !quotedField) {
      const end = readQuoted(text, i + 1);
      if (end === null) return { error: 'parse error (unterminated quoted field)' };
      field = end.value;
      quotedField = true;
      i = end.next;
      continue;
    }
    if (ch === ',') {
      row.push(field); field = ''; quotedField = false; i++;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      row.push(field); rows.push(row);
      row = []; field = ''; quotedField = false;
      i += ch === '\r' ? 2 : 1;
      continue;
    }
    if (quotedField) return { error: `parse error (unexpected ${JSON.stringify(ch)} after a quoted field)` };
    field += ch;
    i++;
  }
  if (field !== '' || quotedField || row.length) { row.push(field); rows.push(row); }
  if (rows.length === 0) return { error: 'parse error (not enough input)' };
  return { rows };
}

function readQuoted(text: string, start: number): { value: string; next: number } | null {
  let value = '';
  let i = start;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') { value += '"'; i += 2; continue; }
      return { value, next: i + 1 };
    }
    value += text[i];
    i++;
  }
  return null;
}
