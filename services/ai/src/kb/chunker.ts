// The chunk_embed chunker: split Markdown at headers (h1-h6, outside code fences), subdivide each section
// recursively by token count (paragraphs, lines, sentences, clauses, words, characters) with token overlap,
// and prepend the section's deepest header line to every chunk. Offsets point into the original document.
import { countTokens } from './tokenizer.ts';

export interface ChunkOptions { chunkSize: number; overlap: number }

export interface Chunk {
  text: string;
  chunk_index: number;
  start_char: number;
  end_char: number;
  tokens: number;
  meta: Record<string, unknown>;
}

interface Section { start: number; end: number; headers: Record<string, string>; headerLine: string }

const SEPARATORS = ['\n\n', '\n', '. ', '! ', '? ', '; ', ', ', ' ', ''];

/** Sections between Markdown headers; a header inside a ``` or ~~~ fence is text. */
export function splitSections(doc: string): Section[] {
  const sections: Section[] = [];
  const stack: string[] = [];
  let fence: string | null = null;
  let cur: Section = { start: 0, end: 0, headers: {}, headerLine: '' };
  let pos = 0;
  for (const line of doc.split('\n')) {
    const lineStart = pos;
    pos += line.length + 1;
    const f = /^\s{0,3}(```|~~~)/.exec(line);
    if (f) fence = fence === null ? f[1] : fence === f[1] ? null : fence;
    const h = fence === null && !f ? /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(line) : null;
    if (!h) continue;
    cur.end = lineStart;
    sections.push(cur);
    const level = h[1].length;
    stack.length = level - 1;
    stack[level - 1] = h[2].trim();
    const headers: Record<string, string> = {};
    stack.forEach((t, i) => { if (t) headers[`Header ${i + 1}`] = t; });
    cur = { start: Math.min(pos, doc.length), end: 0, headers, headerLine: `${h[1]} ${h[2].trim()}` };
  }
  cur.end = doc.length;
  sections.push(cur);
  return sections.filter((s) => doc.slice(s.start, s.end).trim() || s.headerLine);
}

/** Spans [start, end) of `doc` covering [from, to), each at most `size` tokens where possible. */
function splitSpan(doc: string, from: number, to: number, size: number, seps: string[]): Array<[number, number]> {
  if (countTokens(doc.slice(from, to)) <= size) return [[from, to]];
  const sepIdx = seps.findIndex((s) => s === '' || doc.slice(from, to).includes(s));
  const sep = seps[sepIdx];
  const rest = seps.slice(sepIdx + 1);
  const pieces: Array<[number, number]> = [];
  if (sep === '') {
    // character level: cut by a proportional estimate, refined to fit
    let s = from;
    while (s < to) {
      let e = Math.min(to, s + size * 4);
      while (e > s + 1 && countTokens(doc.slice(s, e)) > size) e = s + Math.floor((e - s) * 0.8);
      pieces.push([s, e]);
      s = e;
    }
    return pieces;
  }
  let s = from;
  while (s < to) {
    const i = doc.indexOf(sep, s);
    const e = i === -1 || i + sep.length > to ? to : i + sep.length;
    pieces.push([s, e]);
    s = e;
  }
  const out: Array<[number, number]> = [];
  for (const [a, b] of pieces) {
    if (countTokens(doc.slice(a, b)) <= size) out.push([a, b]);
    else out.push(...splitSpan(doc, a, b, size, rest));
  }
  return out;
}

/** Merges consecutive pieces into chunks of at most `size` tokens, each starting with up to `overlap` tokens of the previous one. */
function merge(doc: string, pieces: Array<[number, number]>, size: number, overlap: number): Array<[number, number]> {
  const tokens = pieces.map(([a, b]) => countTokens(doc.slice(a, b)));
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < pieces.length) {
    let j = i;
    let total = 0;
    while (j < pieces.length && (j === i || total + tokens[j] <= size)) total += tokens[j++];
    out.push([pieces[i][0], pieces[j - 1][1]]);
    if (j >= pieces.length) break;
    // step back over trailing pieces worth at most `overlap` tokens, always moving forward
    let k = j;
    let back = 0;
    while (k - 1 > i && back + tokens[k - 1] <= overlap) back += tokens[--k];
    i = k;
  }
  return out;
}

function trimSpan(doc: string, [a, b]: [number, number]): [number, number] {
  while (a < b && /\s/.test(doc[a])) a++;
  while (b > a && /\s/.test(doc[b - 1])) b--;
  return [a, b];
}

/** `pageStarts[i]` = offset where page i+1 begins in `doc` (ascending); used to fill `meta.pages`. */
export function chunkMarkdown(doc: string, o: ChunkOptions, pageStarts: number[] = []): Chunk[] {
  const chunks: Chunk[] = [];
  for (const sec of splitSections(doc)) {
    const prefix = sec.headerLine ? `${sec.headerLine}\n\n` : '';
    const budget = Math.max(Math.floor(o.chunkSize / 2), o.chunkSize - countTokens(prefix));
    const overlap = Math.min(o.overlap, Math.floor(budget / 2));
    const body = trimSpan(doc, [sec.start, sec.end]);
    if (body[0] >= body[1]) continue; // a header with no text of its own: its title lives in the children's meta
    const spans = merge(doc, splitSpan(doc, body[0], body[1], budget, SEPARATORS), budget, overlap)
      .map((s) => trimSpan(doc, s)).filter(([a, b]) => a < b);
    for (const [a, b] of spans) {
      const text = (prefix + doc.slice(a, b)).trim();
      if (!text) continue;
      const meta: Record<string, unknown> = { strategy: 'markdown_header', chunk_size: o.chunkSize, ...sec.headers };
      const pages = pagesOf(a, Math.max(a + 1, b), pageStarts);
      if (pages.length) meta.pages = pages;
      chunks.push({ text, chunk_index: chunks.length, start_char: a, end_char: b, tokens: countTokens(text), meta });
    }
  }
  return chunks;
}

function pagesOf(a: number, b: number, starts: number[]): number[] {
  const pages: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    const e = i + 1 < starts.length ? starts[i + 1] : Infinity;
    if (s < b && e > a) pages.push(i + 1);
  }
  return pages;
}

/** Page start offsets: each page's text located in order inside the document. */
export function pageStartsIn(doc: string, pages: string[]): number[] {
  const starts: number[] = [];
  let cursor = 0;
  for (const p of pages) {
    const probe = p.trim().slice(0, 200);
    const at = probe ? doc.indexOf(probe, cursor) : -1;
    starts.push(at === -1 ? cursor : at);
    if (at !== -1) cursor = at + probe.length;
  }
  return starts;
}
