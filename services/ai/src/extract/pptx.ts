// PPTX: slide by slide, in presentation order, paragraphs of each slide's text frames (and its notes).
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { ExtractionError, type Extractor } from './types.ts';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, trimValues: false });

type Node = Record<string, unknown>;

/** Texts of every <a:p> paragraph under a preserveOrder tree, in document order. */
function paragraphs(nodes: Node[], out: string[] = []): string[] {
  for (const n of nodes) {
    for (const [k, v] of Object.entries(n)) {
      if (k === ':@' || !Array.isArray(v)) continue;
      if (k === 'a:p') {
        const t = runs(v as Node[]).trim();
        if (t) out.push(t);
      } else paragraphs(v as Node[], out);
    }
  }
  return out;
}

function runs(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) {
    for (const [k, v] of Object.entries(n)) {
      if (k === '#text') s += String(v);
      else if (k === 'a:br') s += '\n';
      else if (k !== ':@' && Array.isArray(v)) s += runs(v as Node[]);
    }
  }
  return s;
}

async function slideOrder(zip: JSZip): Promise<string[]> {
  const rels = await zip.file('ppt/_rels/presentation.xml.rels')?.async('string');
  const pres = await zip.file('ppt/presentation.xml')?.async('string');
  if (!rels || !pres) throw new ExtractionError('The file is not a readable PPTX presentation');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const target = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && target && /slides\/slide\d+\.xml$/.test(target)) targets.set(id, `ppt/${target.replace(/^\/?ppt\//, '').replace(/^\.\.\//, '')}`);
  }
  const order = [...pres.matchAll(/<p:sldId\b[^>]*r:id="([^"]+)"/g)].map((m) => targets.get(m[1])).filter((x): x is string => !!x);
  return order.length ? order : [...targets.values()].sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
}

export const pptxExtractor: Extractor = {
  name: 'pptx-slides',
  async extract(i) {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(await readFile(i.path));
    } catch (e) {
      throw new ExtractionError(`The file is not a readable PPTX presentation (${(e as Error).message})`);
    }
    const pages: string[] = [];
    const md: string[] = [];
    for (const [n, path] of (await slideOrder(zip)).entries()) {
      const src = await zip.file(path)?.async('string');
      const paras = src ? paragraphs(xml.parse(src) as Node[]) : [];
      const notesPath = path.replace('slides/slide', 'notesSlides/notesSlide');
      const notesSrc = await zip.file(notesPath)?.async('string');
      const notes = notesSrc ? paragraphs(xml.parse(notesSrc) as Node[]).filter((p) => !/^\d+$/.test(p)) : [];
      const text = [...paras, ...(notes.length ? ['Notes:', ...notes] : [])].join('\n');
      pages.push(text);
      md.push(`## Slide ${n + 1}${paras[0] ? `: ${paras[0].split('\n')[0]}` : ''}\n\n${text}`);
    }
    return { pages, markdown: md.join('\n\n'), text: pages.join('\n\n'), images: [], method: 'pptx-slides', warnings: [], stats: { slide_count: pages.length } };
  },
};
