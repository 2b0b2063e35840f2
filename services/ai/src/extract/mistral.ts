// Mistral OCR (extraction_model `mistral`), used when the project has MISTRAL_API_KEY: the document is sent
// as a data URL to {MISTRAL_API_BASE}/ocr and comes back as Markdown per page. Network I/O only, so it
// runs on the worker's thread; any failure makes the caller fall back to the local extractor.
import { readFile } from 'node:fs/promises';
import type { ExtractResult } from './types.ts';

export async function mistralOcr(o: { path: string; fileType: string; apiKey: string; baseUrl: string; signal?: AbortSignal }): Promise<ExtractResult> {
  const data = (await readFile(o.path)).toString('base64');
  const url = `data:${o.fileType};base64,${data}`;
  const document = o.fileType === 'application/pdf' ? { type: 'document_url', document_url: url } : { type: 'image_url', image_url: url };
  const res = await fetch(`${o.baseUrl.replace(/\/+$/, '')}/ocr`, {
    method: 'POST', signal: o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(300_000)]) : AbortSignal.timeout(300_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
    body: JSON.stringify({ model: 'mistral-ocr-latest', document, include_image_base64: false }),
  });
  const body = await res.json().catch(() => null) as { pages?: { index: number; markdown: string }[]; message?: string } | null;
  if (!res.ok || !Array.isArray(body?.pages)) throw new Error(`Mistral OCR answered HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}`);
  const pages = [...body!.pages].sort((a, b) => a.index - b.index).map((p) => String(p.markdown ?? '').trim());
  const markdown = pages.filter(Boolean).join('\n\n');
  return { pages, markdown, text: markdown, images: [], method: 'mistral_ocr', warnings: [], stats: { page_count: pages.length } };
}
