// Shared lexical pieces of the query-string grammars: quoted strings, names (`a`, `a-b`, `"a.b"`),
// type/config identifiers, JSON paths (`->a->>0`) and fields (`name` + JSON path).
import type { Cursor } from './cursor.ts';
import type { Field, JsonStep } from './types.ts';

const IDENT_CHAR = /[\p{L}\p{M}\d_$ ]/u;
const JSON_KEY_CHAR = /[^(\-:.,>)]/;

/** `"..."` with `\x` escaping any character; returns the unescaped content. */
export function parseQuoted(c: Cursor): string {
  c.expect('"');
  let out = '';
  for (;;) {
    if (c.eof) c.fail('"\\""');
    const ch = c.peek();
    c.pos++;
    if (ch === '"') return out;
    if (ch === '\\') {
      if (c.eof) c.fail('any character');
      out += c.peek();
      c.pos++;
    } else out += ch;
  }
}

/** Letters, digits, `_`, `$` and spaces, trimmed (PostgREST `pIdentifier`); used for casts and fts configs. */
export function parseIdentifier(c: Cursor, label = 'letter or digit'): string {
  const raw = c.takeWhile(IDENT_CHAR);
  const value = raw.trim();
  if (!value) {
    c.pos -= raw.length;
    c.fail(label);
  }
  return value;
}

/** Runs of `part` joined by `-` when the dash is not the start of `->`. */
function sepByDash(c: Cursor, part: () => string): string {
  const parts = [part()];
  while (c.peek() === '-' && c.peek(1) !== '>') {
    c.pos++;
    parts.push(part());
  }
  return parts.join('-');
}

/** A column/relation/alias name: quoted, or identifier parts joined by dashes. Never empty. */
export function parseFieldName(c: Cursor): string {
  const label = 'field name (* or [a..z0..9_$])';
  if (c.peek() === '"') {
    const start = c.pos;
    const name = parseQuoted(c);
    if (name === '') {
      c.pos = start;
      c.fail('non-empty quoted name');
    }
    return name;
  }
  return sepByDash(c, () => parseIdentifier(c, label));
}

/** True when the cursor is at something that may follow a JSON array index. */
function atIndexEnd(c: Cursor): boolean {
  return c.eof || c.startsWith('->') || c.startsWith('::') || ['.', ',', ')'].includes(c.peek());
}

function parseJsonOperand(c: Cursor): { key: string } | { index: number } {
  const index = c.attempt(() => {
    const neg = c.eat('-');
    const digits = c.takeWhile(/\d/);
    if (!digits) c.fail('digit');
    if (!atIndexEnd(c)) c.fail('"->"', '"::"', '"."', '","', 'end of input');
    return Number(neg ? `-${digits}` : digits);
  });
  if (index !== undefined && Number.isSafeInteger(index)) return { index };
  if (c.peek() === '"') return { key: parseQuoted(c) };
  const key = sepByDash(c, () => {
    const raw = c.takeWhile(JSON_KEY_CHAR);
    if (!raw) c.fail('any non reserved character different from: .,>()');
    return raw.trim();
  });
  return { key };
}

/** Zero or more `->operand` / `->>operand` steps. */
export function parseJsonPath(c: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    const op = c.startsWith('->>') ? '->>' : c.startsWith('->') ? '->' : null;
    if (!op) return steps;
    c.pos += op.length;
    steps.push({ op, ...parseJsonOperand(c) });
  }
}

/** A field: name plus optional JSON path, surrounded by optional spaces. */
export function parseField(c: Cursor): Field {
  c.skipWs();
  const name = parseFieldName(c);
  const jsonPath = parseJsonPath(c);
  c.skipWs();
  return { name, jsonPath };
}

/** `a, "b", c` (for `columns` and `on_conflict`). */
export function parseNameList(c: Cursor): string[] {
  const names = [parseFieldName(c)];
  for (;;) {
    const next = c.attempt(() => {
      c.skipWs();
      c.expect(',');
      c.skipWs();
      return parseFieldName(c);
    });
    if (next === undefined) return names;
    names.push(next);
  }
}
