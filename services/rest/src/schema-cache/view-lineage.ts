// Which base column each view column shows: read from the top-level target list of the view's rewrite
// rule (`pg_rewrite.ev_action`, a node tree printed as text), where every target entry carries
// `:resorigtbl` (the source relation) and `:resorigcol` (its attribute number).

export interface ViewColumnSource {
  column: string;
  /** oid of the relation the value comes from (a table or another view), 0 for expressions. */
  relOid: number;
  attnum: number;
}

/** Reads one token (unescaping `\x`); returns it and the position after it. */
function readToken(text: string, start: number): [string, number] {
  let i = start;
  let out = '';
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') { out += text[i + 1] ?? ''; i += 2; continue; }
    if (ch === ' ' || ch === '\n' || ch === '(' || ch === ')' || ch === '{' || ch === '}') break;
    out += ch;
    i++;
  }
  return [out, i];
}

/** The target entries of the first query of a printed rule action. */
export function viewColumnSources(action: string): ViewColumnSource[] {
  const out: ViewColumnSource[] = [];
  let depth = 0;
  let inTargetList = false;
  let entry: Partial<ViewColumnSource> & { junk?: boolean } | null = null;
  let i = 0;
  while (i < action.length) {
    const ch = action[i]!;
    if (ch === '\\') { i += 2; continue; }
    if (ch === '(' || ch === '{') {
      depth++;
      if (inTargetList && depth === 4 && action.startsWith('TARGETENTRY', i + 1)) entry = {};
      i++;
      continue;
    }
    if (ch === ')' || ch === '}') {
      if (inTargetList && depth === 4 && entry) {
        if (!entry.junk && entry.column !== undefined) out.push({ column: entry.column, relOid: entry.relOid ?? 0, attnum: entry.attnum ?? 0 });
        entry = null;
      }
      depth--;
      if (inTargetList && depth === 2) inTargetList = false;
      if (depth === 1) return out; // end of the first QUERY
      i++;
      continue;
    }
    if (ch === ':') {
      const [key, next] = readToken(action, i + 1);
      i = next;
      if (depth === 2 && key === 'targetList') inTargetList = true;
      else if (entry && depth === 4) {
        while (action[i] === ' ') i++;
        const [value, after] = readToken(action, i);
        if (key === 'resname') entry.column = value === '<>' ? undefined : value === '""' ? '' : value;
        else if (key === 'resorigtbl') entry.relOid = Number(value);
        else if (key === 'resorigcol') entry.attnum = Number(value);
        else if (key === 'resjunk') entry.junk = value === 'true';
        else continue;
        i = after;
      }
      continue;
    }
    i++;
  }
  return out;
}
